import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addWorkingDays,
  calendarDayName,
  calendarYears,
  DateOutsideCalendarError,
  isInCalendar,
  isWorkingDay,
  taipeiDateOf,
  workingDaysBetween,
} from './taiwan-calendar';
import { ReferenceDataError } from './reference-files';

describe('Taiwan office calendar (R-REV-4 working days follow the official calendar)', () => {
  it('covers the DGPA years 2024 to 2027', () => {
    expect(calendarYears()).toEqual([2024, 2025, 2026, 2027]);
    expect(isInCalendar('2027-12-31')).toBe(true);
    expect(isInCalendar('2028-01-03')).toBe(false);
  });

  it('counts 2027: New Year, the Lunar New Year days off, and no make-up Saturdays', () => {
    expect(isWorkingDay('2027-01-01')).toBe(false);
    for (const date of ['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) expect(isWorkingDay(date)).toBe(false);
    expect(calendarDayName('2027-02-08')).toBe('春節');
    // 30 working days from Mon 28 Dec 2026 (the day itself not counted): R-REV-4's Iran/NK target.
    expect(addWorkingDays('2026-12-28', 30)).toBe('2027-02-16');
  });

  it('a weekday holiday is a day off: Lunar New Year and National Day', () => {
    expect(isWorkingDay('2026-02-17')).toBe(false);
    expect(calendarDayName('2026-02-17')).toBe('春節');
    expect(isWorkingDay('2024-10-10')).toBe(false);
    expect(isWorkingDay('2025-12-25')).toBe(false);
  });

  it('a make-up Saturday is a working day; other weekends are not', () => {
    expect(isWorkingDay('2024-02-17')).toBe(true);
    expect(calendarDayName('2024-02-17')).toBe('補行上班');
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(isWorkingDay('2024-02-24')).toBe(false);
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(isWorkingDay('2026-11-25')).toBe(true);
  });

  it('adds working days across the 2026 Lunar New Year', () => {
    // Fri 13 Feb; 14–22 Feb are off (weekend, 16–20 holidays, weekend): next is Mon 23 Feb.
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(addWorkingDays('2026-02-12', 7)).toBe('2026-03-03');
    expect(workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
  });

  it('adds working days across the four-day Children’s Day weekend of April 2026', () => {
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-07', -1)).toBe('2026-04-02');
    expect(workingDaysBetween('2026-04-07', '2026-04-02')).toBe(-1);
  });

  it('counts working days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(workingDaysBetween('2026-11-23', '2026-11-30')).toBe(5);
    for (const [date, n] of [['2024-02-07', 3], ['2025-01-24', 30], ['2026-09-24', 25]] as const) {
      expect(workingDaysBetween(date, addWorkingDays(date, n))).toBe(n);
    }
  });

  it('crosses a year end, skipping New Year’s Day', () => {
    expect(addWorkingDays('2025-12-31', 1)).toBe('2026-01-02');
    expect(addWorkingDays('2026-11-25', 0)).toBe('2026-11-25');
  });

  it('says clearly when a date lies beyond the loaded years', () => {
    expect(() => isWorkingDay('2028-01-04')).toThrow(DateOutsideCalendarError);
    expect(() => addWorkingDays('2027-12-28', 5)).toThrow(/No Taiwan office calendar is loaded for 2028/);
    // The first date is not counted, so it may lie just before the loaded years.
    expect(workingDaysBetween('2023-12-31', '2024-01-03')).toBe(2);
  });

  it('refuses dates not written YYYY-MM-DD', () => {
    for (const date of ['2026-2-17', '2026-02-30', '17/02/2026', '']) expect(() => isWorkingDay(date)).toThrow(RangeError);
  });

  it('gives the Asia/Taipei date of an instant', () => {
    expect(taipeiDateOf('2026-11-24T16:00:00.000Z')).toBe('2026-11-25');
    expect(taipeiDateOf('2026-11-24T15:59:59.999Z')).toBe('2026-11-24');
  });

  describe('an operator loads the next year without a code change (REFERENCE_DATA_DIR)', () => {
    const saved = process.env.REFERENCE_DATA_DIR;
    afterEach(() => {
      if (saved === undefined) delete process.env.REFERENCE_DATA_DIR;
      else process.env.REFERENCE_DATA_DIR = saved;
    });
    const withFile = (content: unknown) => {
      const dir = mkdtempSync(join(tmpdir(), 'reference-data-'));
      writeFileSync(join(dir, 'taiwan-calendar.json'), JSON.stringify(content));
      process.env.REFERENCE_DATA_DIR = dir;
    };

    it('reads a replacement calendar with 2027', () => {
      withFile({
        source: 'test: DGPA 2027',
        years: { '2027': { daysOffOnWeekdays: [{ date: '2027-01-01', name: '開國紀念日' }], workingWeekendDays: [] } },
      });
      expect(calendarYears()).toEqual([2027]);
      expect(isWorkingDay('2027-01-01')).toBe(false);
      expect(addWorkingDays('2027-01-01', 1)).toBe('2027-01-04');
    });

    it('refuses a replacement whose make-up working day is not a weekend day, naming the file', () => {
      withFile({ source: 'bad', years: { '2027': { daysOffOnWeekdays: [], workingWeekendDays: [{ date: '2027-01-04', name: 'x' }] } } });
      expect(() => isWorkingDay('2027-01-05')).toThrow(ReferenceDataError);
      expect(() => isWorkingDay('2027-01-05')).toThrow(/taiwan-calendar\.json: years\.2027\.workingWeekendDays\[0\]\.date 2027-01-04 is not a Saturday or Sunday/);
    });
  });
});
