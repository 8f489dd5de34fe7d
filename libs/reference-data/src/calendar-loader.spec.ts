import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reviewClock, type StatusChange } from '@shtc/domain';
import { loadDgpaCalendar } from './calendar-loader';
import { ReferenceDataError } from './reference-files';
import { addWorkingDays, CALENDAR_RECHECK_MS, calendarYears, DateOutsideCalendarError, isWorkingDay, officeCalendar } from './taiwan-calendar';
import { dgpaCsv } from './testing/dgpa-csv';

/** A synthetic 2028 (not the DGPA's): Tuesday 4 January off, Saturday 15 January a working day. */
const year2028 = { daysOff: { '2028-01-04': '測試假日', '2028-01-25': '農曆除夕' }, workingWeekendDays: { '2028-01-15': '補行上班' } };

describe('loading a DGPA calendar CSV into REFERENCE_DATA_DIR/taiwan-calendar.json', () => {
  const saved = process.env.REFERENCE_DATA_DIR;
  let dir: string;
  let csv: string;
  let now = Date.now();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reference-data-'));
    csv = join(mkdtempSync(join(tmpdir(), 'dgpa-csv-')), 'dgpa-2028.csv');
    writeFileSync(csv, dgpaCsv(2028, year2028));
    process.env.REFERENCE_DATA_DIR = dir;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (saved === undefined) delete process.env.REFERENCE_DATA_DIR;
    else process.env.REFERENCE_DATA_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  /** Lets the running process look at the calendar file again. */
  const later = () => (now += CALENDAR_RECHECK_MS);

  it('adds the year to a copy of the shipped calendar, and a running process counts with it', () => {
    expect(() => addWorkingDays('2028-01-03', 1)).toThrow(DateOutsideCalendarError); // read before: the shipped years

    const loaded = loadDgpaCalendar(csv);
    expect(loaded).toMatchObject({ year: 2028, change: 'added', daysOffOnWeekdays: 2, workingWeekendDays: 1, createdFromShipped: true, years: [2024, 2025, 2026, 2027, 2028] });
    const file = JSON.parse(readFileSync(join(dir, 'taiwan-calendar.json'), 'utf8'));
    expect(file.years['2028']).toMatchObject({
      daysOffOnWeekdays: [{ date: '2028-01-04', name: '測試假日' }, { date: '2028-01-25', name: '農曆除夕' }],
      workingWeekendDays: [{ date: '2028-01-15', name: '補行上班' }],
      daysInData: 366,
      source: expect.stringMatching(/^DGPA office calendar CSV dgpa-2028\.csv \(utf-8 with BOM, sha256 [0-9a-f]{64}\), loaded /),
    });
    expect(file.years['2026']).toBeDefined();
    expect(readdirSync(dir)).toEqual(['taiwan-calendar.json']); // no temporary file left

    later();
    expect(calendarYears()).toEqual([2024, 2025, 2026, 2027, 2028]);
    expect(addWorkingDays('2028-01-03', 1)).toBe('2028-01-05');
    expect(isWorkingDay('2028-01-15')).toBe(true);
  });

  it('changes nothing when the same file is loaded again', () => {
    loadDgpaCalendar(csv);
    const before = statSync(join(dir, 'taiwan-calendar.json'));
    const content = readFileSync(join(dir, 'taiwan-calendar.json'), 'utf8');
    expect(loadDgpaCalendar(csv)).toMatchObject({ year: 2028, change: 'unchanged', added: [], removed: [] });
    const after = statSync(join(dir, 'taiwan-calendar.json'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(readFileSync(join(dir, 'taiwan-calendar.json'), 'utf8')).toBe(content);
  });

  it('replaces a year whose days changed and says which', () => {
    loadDgpaCalendar(csv);
    writeFileSync(csv, dgpaCsv(2028, { daysOff: { '2028-01-25': '農曆除夕', '2028-01-26': '春節' } }));
    expect(loadDgpaCalendar(csv)).toMatchObject({
      change: 'replaced',
      removed: ['2028-01-04 測試假日 (day off)', '2028-01-15 補行上班 (working day)'],
      added: ['2028-01-26 春節 (day off)'],
      createdFromShipped: false,
    });
  });

  it('refuses without REFERENCE_DATA_DIR, and leaves a broken calendar file alone', () => {
    delete process.env.REFERENCE_DATA_DIR;
    expect(() => loadDgpaCalendar(csv)).toThrow(/REFERENCE_DATA_DIR is not set/);
    writeFileSync(join(dir, 'taiwan-calendar.json'), '{"source":"x","years":{}}');
    expect(() => loadDgpaCalendar(csv, { dir })).toThrow(ReferenceDataError);
    expect(() => loadDgpaCalendar(csv, { dir })).toThrow(/years must hold at least one year; fix or remove it/);
    expect(readFileSync(join(dir, 'taiwan-calendar.json'), 'utf8')).toBe('{"source":"x","years":{}}');
  });

  it('a running process keeps the calendar it has when the file is replaced by a bad one, and says so', () => {
    loadDgpaCalendar(csv);
    expect(calendarYears()).toContain(2028);
    const warning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    writeFileSync(join(dir, 'taiwan-calendar.json'), '{ not json');
    later();
    expect(calendarYears()).toContain(2028);
    expect(warning).toHaveBeenCalledWith(expect.stringMatching(/taiwan-calendar\.json: not readable JSON .*; still using .*taiwan-calendar\.json as read before/), 'ReferenceDataWarning');
  });

  describe('the review clock (R-REV-4) beyond the loaded years', () => {
    const on = (date: string, status: StatusChange['status']): StatusChange => ({ status, at: `${date}T01:00:00.000Z` });
    // Submitted Monday 27 December 2027: 7 working days reach into 2028 (31 December 2027 is off).
    const history = [on('2027-12-20', 'REGISTERED'), on('2027-12-27', 'INITIAL_REVIEW')];

    it('is approximate, counting weekends alone, while 2028 is not loaded', () => {
      expect(reviewClock('STANDARD', history, officeCalendar)).toMatchObject({ startedOn: '2027-12-27', dueDate: '2028-01-06', approximate: true });
    });

    it('is exact once 2028 is loaded, and skips its days off', () => {
      loadDgpaCalendar(csv);
      later();
      expect(reviewClock('STANDARD', history, officeCalendar)).toMatchObject({ startedOn: '2027-12-27', dueDate: '2028-01-07', approximate: false });
    });
  });
});
