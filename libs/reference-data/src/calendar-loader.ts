import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import shipped from '../data/taiwan-calendar.json';
import { parseDgpaCalendarCsv, type CalendarDay, type DgpaCalendarYear } from './dgpa-calendar-csv';
import { ReferenceDataError, referenceDataDir, REFERENCE_DATA_DIR_ENV } from './reference-files';
import { parseTaiwanCalendar } from './taiwan-calendar';

const FILE = 'taiwan-calendar.json';

export interface CalendarLoadResult {
  year: number;
  /** `added`: a year the file did not have; `replaced`: its days changed; `unchanged`: nothing written. */
  change: 'added' | 'replaced' | 'unchanged';
  daysOffOnWeekdays: number;
  workingWeekendDays: number;
  encoding: DgpaCalendarYear['encoding'];
  /** The calendar file written (or that would have been). */
  file: string;
  /** The folder had no taiwan-calendar.json: the shipped one was copied in first. */
  createdFromShipped: boolean;
  /** For a replaced year: the days no longer listed, and the days newly listed (`date name (day off | working day)`). */
  removed: string[];
  added: string[];
  /** The years the file holds after the load. */
  years: number[];
}

type YearEntry = { daysOffOnWeekdays: CalendarDay[]; workingWeekendDays: CalendarDay[]; [key: string]: unknown };
type CalendarFile = { source: string; years: Record<string, YearEntry>; [key: string]: unknown };

/**
 * Loads one year of the DGPA office calendar CSV into the calendar file the service reads,
 * `REFERENCE_DATA_DIR/taiwan-calendar.json` (copied from the shipped one when the folder has
 * none): the year is added, or replaced when its days differ, and left alone when they do not
 * (nothing is written, so loading the same file twice changes nothing). The result is checked
 * as the service will read it and written atomically (a temporary file, fsynced, renamed over).
 */
export function loadDgpaCalendar(csvPath: string, options: { dir?: string; now?: Date } = {}): CalendarLoadResult {
  const dir = options.dir ?? referenceDataDir();
  if (!dir) {
    throw new ReferenceDataError(
      `${REFERENCE_DATA_DIR_ENV} is not set: set it to the folder of reference files the service reads (the same value as the server's), ` +
        `so the calendar is written to ${REFERENCE_DATA_DIR_ENV}/${FILE}`,
    );
  }
  const parsed = parseDgpaCalendarCsv(readFileSync(csvPath));
  const file = join(dir, FILE);
  const createdFromShipped = !existsSync(file);
  let calendar: CalendarFile;
  try {
    calendar = createdFromShipped ? structuredClone(shipped as unknown as CalendarFile) : JSON.parse(readFileSync(file, 'utf8'));
    parseTaiwanCalendar(calendar);
  } catch (error) {
    throw new ReferenceDataError(`${file}: ${(error as Error).message}; fix or remove it before loading a year`);
  }

  const key = String(parsed.year);
  const before = calendar.years[key];
  const listed = (entry: { daysOffOnWeekdays: CalendarDay[]; workingWeekendDays: CalendarDay[] } | undefined) => [
    ...(entry?.daysOffOnWeekdays ?? []).map((d) => `${d.date} ${d.name} (day off)`),
    ...(entry?.workingWeekendDays ?? []).map((d) => `${d.date} ${d.name} (working day)`),
  ];
  const old = listed(before);
  const next = listed(parsed);
  const removed = old.filter((line) => !next.includes(line));
  const added = next.filter((line) => !old.includes(line));
  const change = !before ? 'added' : removed.length + added.length > 0 ? 'replaced' : 'unchanged';
  const result = {
    year: parsed.year,
    change,
    daysOffOnWeekdays: parsed.daysOffOnWeekdays.length,
    workingWeekendDays: parsed.workingWeekendDays.length,
    encoding: parsed.encoding,
    file,
    createdFromShipped,
    removed: before ? removed : [],
    added: before ? added : [],
  } as const;
  if (change === 'unchanged') return { ...result, years: Object.keys(calendar.years).map(Number).sort() };

  const sha256 = createHash('sha256').update(readFileSync(csvPath)).digest('hex');
  const years: Record<string, YearEntry> = { ...calendar.years };
  years[key] = {
    daysOffOnWeekdays: parsed.daysOffOnWeekdays,
    workingWeekendDays: parsed.workingWeekendDays,
    daysInData: parsed.days,
    source: `DGPA office calendar CSV ${basename(csvPath)} (${parsed.encoding}, sha256 ${sha256}), loaded ${(options.now ?? new Date()).toISOString()}`,
  };
  const sorted = Object.fromEntries(Object.keys(years).sort().map((year) => [year, years[year]]));
  const written: CalendarFile = { ...calendar, years: sorted };
  parseTaiwanCalendar(written); // what the service will read
  writeFileAtomically(file, `${JSON.stringify(written, null, 1)}\n`);
  return { ...result, years: Object.keys(sorted).map(Number) };
}

/** Writes a temporary file beside `path`, fsyncs it, renames it over `path` and fsyncs the folder. */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o644; // a replaced file keeps its permissions
  const fd = openSync(temporary, 'wx', mode);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
    throw error;
  }
  try {
    const folder = openSync(dirname(path), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  } catch {
    // Some platforms cannot fsync a folder; the rename itself is atomic.
  }
}
