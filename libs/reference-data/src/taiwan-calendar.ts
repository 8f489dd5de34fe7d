import shipped from '../data/taiwan-calendar.json';
import { taipeiDateOf } from '@shtc/domain';
import { expectArray, expectRecord, expectText, loadReferenceFile } from './reference-files';

/**
 * Working days of Taiwan's government offices (R-REV-4), from the DGPA office calendar in
 * taiwan-calendar.json: every weekday is a working day except the listed days off, and every
 * Saturday and Sunday is a day off except the listed make-up working days. Dates are calendar
 * dates in Asia/Taipei, written `YYYY-MM-DD`. A date in a year the file does not cover is not
 * guessed at: it throws {@link DateOutsideCalendarError}, so an operator loads the next year's
 * calendar (the DGPA publishes it around June) with `npm run cli -- load-calendar --file <csv>`.
 * The review clock uses {@link officeCalendar}, which counts weekends alone beyond the loaded
 * years and says so (`covers`). A running process picks up a changed calendar file within
 * {@link CALENDAR_RECHECK_MS}.
 */

export interface TaiwanCalendar {
  source: string;
  years: readonly number[];
  /** Weekdays that are days off, with their names (`2026-02-17` 春節). */
  daysOffOnWeekdays: ReadonlyMap<string, string>;
  /** Saturdays and Sundays that are working days (補行上班). */
  workingWeekendDays: ReadonlyMap<string, string>;
}

export class DateOutsideCalendarError extends RangeError {
  constructor(
    readonly date: string,
    readonly years: readonly number[],
  ) {
    super(
      `No Taiwan office calendar is loaded for ${date.slice(0, 4)} (${date}); loaded years: ${years.join(', ')}. ` +
        'Load the DGPA calendar of that year into taiwan-calendar.json (REFERENCE_DATA_DIR).',
    );
    this.name = 'DateOutsideCalendarError';
  }
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const match = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`Not a date in the form YYYY-MM-DD: ${JSON.stringify(date)}`);
  return ms / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(day: number): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** taiwan-calendar.json: `years.<YYYY>.daysOffOnWeekdays` and `.workingWeekendDays`, lists of `{ date, name }`. */
export function parseTaiwanCalendar(raw: unknown): TaiwanCalendar {
  const file = expectRecord(raw, 'taiwan-calendar.json');
  const yearsRecord = expectRecord(file.years, 'years');
  const daysOffOnWeekdays = new Map<string, string>();
  const workingWeekendDays = new Map<string, string>();
  const years = Object.keys(yearsRecord).map((year) => {
    if (!/^\d{4}$/.test(year)) throw new Error(`years.${year} is not a year`);
    const entry = expectRecord(yearsRecord[year], `years.${year}`);
    const read = (key: 'daysOffOnWeekdays' | 'workingWeekendDays', into: Map<string, string>, weekend: boolean) => {
      expectArray(entry[key], `years.${year}.${key}`).forEach((value, index) => {
        const path = `years.${year}.${key}[${index}]`;
        const day = expectRecord(value, path);
        const date = expectText(day.date, `${path}.date`);
        let number: number;
        try {
          number = dayNumber(date);
        } catch {
          throw new Error(`${path}.date is not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
        }
        if (!date.startsWith(year)) throw new Error(`${path}.date ${date} is not in ${year}`);
        if (isWeekend(number) !== weekend) throw new Error(`${path}.date ${date} is ${weekend ? 'not a Saturday or Sunday' : 'a Saturday or Sunday'}`);
        into.set(date, typeof day.name === 'string' ? day.name : '');
      });
    };
    read('daysOffOnWeekdays', daysOffOnWeekdays, false);
    read('workingWeekendDays', workingWeekendDays, true);
    return Number(year);
  });
  if (years.length === 0) throw new Error('years must hold at least one year');
  return { source: expectText(file.source, 'source'), years: years.sort((a, b) => a - b), daysOffOnWeekdays, workingWeekendDays };
}

/**
 * How often a running process looks at REFERENCE_DATA_DIR/taiwan-calendar.json again (one
 * `stat`), so a year loaded while it runs is counted with within this many milliseconds.
 */
export const CALENDAR_RECHECK_MS = 5_000;

export function taiwanCalendar(): TaiwanCalendar {
  return loadReferenceFile('taiwan-calendar.json', shipped, parseTaiwanCalendar, { recheckMs: CALENDAR_RECHECK_MS });
}

/** The years the loaded calendar covers, ascending. */
export function calendarYears(): readonly number[] {
  return taiwanCalendar().years;
}

/** Whether the loaded calendar covers the date's year. */
export function isInCalendar(date: string): boolean {
  dayNumber(date);
  return taiwanCalendar().years.includes(Number(date.slice(0, 4)));
}

/**
 * What to do with a date in a year the calendar does not cover: throw (the default, so an
 * operator notices), or count Saturdays and Sundays alone as days off (for clocks that must
 * answer something, such as a due date 30 working days after a late-December submission).
 */
export type OutsideCalendar = 'throw' | 'weekdays';

function isWorkingDayNumber(calendar: TaiwanCalendar, day: number, outside: OutsideCalendar = 'throw'): boolean {
  const date = dateOf(day);
  if (!calendar.years.includes(Number(date.slice(0, 4)))) {
    if (outside === 'throw') throw new DateOutsideCalendarError(date, calendar.years);
    return !isWeekend(day);
  }
  return isWeekend(day) ? calendar.workingWeekendDays.has(date) : !calendar.daysOffOnWeekdays.has(date);
}

/** Whether Taiwan's government offices work on the date (Asia/Taipei, `YYYY-MM-DD`). */
export function isWorkingDay(date: string): boolean {
  return isWorkingDayNumber(taiwanCalendar(), dayNumber(date));
}

/**
 * The date `n` working days after `date` (before it when `n` is negative); the date itself is
 * not counted, so a case submitted on a Friday with a target of 1 working day is due the next
 * working day. `n = 0` answers `date` itself, working day or not.
 */
export function addWorkingDays(date: string, n: number, outside: OutsideCalendar = 'throw'): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Working days must be a whole number, got ${n}`);
  const calendar = taiwanCalendar();
  const step = n < 0 ? -1 : 1;
  let day = dayNumber(date);
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDayNumber(calendar, day, outside)) left -= 1;
  }
  return dateOf(day);
}

/**
 * The working days after `from` up to and including `to`: `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
 * Negative when `to` is before `from`; 0 when they are the same day.
 */
export function workingDaysBetween(from: string, to: string, outside: OutsideCalendar = 'throw'): number {
  const calendar = taiwanCalendar();
  const [start, end] = [dayNumber(from), dayNumber(to)];
  const [low, high, sign] = start <= end ? [start, end, 1] : [end, start, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day++) if (isWorkingDayNumber(calendar, day, outside)) count += 1;
  return sign * count;
}

/** The name of the day off on a weekday (`春節`), or of a make-up working day (`補行上班`); undefined otherwise. */
export function calendarDayName(date: string): string | undefined {
  dayNumber(date);
  const calendar = taiwanCalendar();
  return calendar.daysOffOnWeekdays.get(date) ?? calendar.workingWeekendDays.get(date);
}

/** The Taipei date of an instant: one definition, in the domain, for the clock and the licence rules alike. */
export { taipeiDateOf };

/**
 * The calendar the review clock counts with (libs/domain `OfficeCalendar`): the loaded DGPA years,
 * and beyond them weekdays alone, so a due date is always answered. The operator should load the
 * next year's calendar before cases reach into it (README of this library).
 */
export const officeCalendar = {
  dateOf: (instant: string) => taipeiDateOf(instant),
  addWorkingDays: (date: string, n: number) => addWorkingDays(date, n, 'weekdays'),
  workingDaysBetween: (from: string, to: string) => workingDaysBetween(from, to, 'weekdays'),
  covers: (date: string) => taiwanCalendar().years.includes(Number(date.slice(0, 4))),
};
