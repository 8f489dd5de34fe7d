/**
 * The DGPA's published office calendar (政府行政機關辦公日曆表, data.gov.tw dataset 14718) in its
 * own CSV layout: a header `西元日期,星期,是否放假,備註`, then one row per day of one year:
 * `20270101,五,2,開國紀念日`. 西元日期 is `YYYYMMDD`; 星期 the weekday in Chinese (一 … 六, 日);
 * 是否放假 is `0` for a working day and `2` for a day off; 備註 names the day (holidays, 補假,
 * 補行上班) and is empty on ordinary days. The DGPA publishes it in UTF-8 (with or without a
 * byte-order mark) and in Big5.
 *
 * {@link parseDgpaCalendarCsv} checks the whole file (every date of the year exactly once, each a
 * real date on the weekday it claims, flags 0 or 2, a name for every weekday day off) and derives
 * what taiwan-calendar.json keeps of it: the weekdays that are days off and the weekend days that
 * are working days. A malformed file is refused with a {@link DgpaCalendarCsvError} naming its line.
 */

import { TextDecoder } from 'node:util';

export interface CalendarDay {
  /** `YYYY-MM-DD` */
  date: string;
  name: string;
}

export interface DgpaCalendarYear {
  year: number;
  /** The days in the file: 365 or 366. */
  days: number;
  /** How the bytes were decoded. */
  encoding: 'utf-8' | 'utf-8 with BOM' | 'big5';
  /** Weekdays that are days off, by date. */
  daysOffOnWeekdays: CalendarDay[];
  /** Saturdays and Sundays that are working days (補行上班), by date. */
  workingWeekendDays: CalendarDay[];
}

/** A file that is not a DGPA office calendar; `line` (1 = the header) when one line is at fault. */
export class DgpaCalendarCsvError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'DgpaCalendarCsvError';
  }
}

const COLUMNS = { date: '西元日期', weekday: '星期', dayOff: '是否放假', note: '備註' } as const;
const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];
/** The name a working weekend day gets when the file leaves 備註 empty. */
export const MAKE_UP_WORKDAY = '補行上班';
const DAY_MS = 86_400_000;

/**
 * The text of the file: UTF-8 with or without a BOM; failing that Big5, which Node decodes
 * with its full ICU (the official Node builds); without it, a message says how to convert.
 */
export function decodeDgpaCsv(bytes: Uint8Array): { text: string; encoding: DgpaCalendarYear['encoding'] } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decode('utf-8', bytes.subarray(3), 'not valid UTF-8 although it begins with a UTF-8 byte-order mark'), encoding: 'utf-8 with BOM' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: the DGPA's other encoding is Big5.
  }
  let big5: TextDecoder;
  try {
    big5 = new TextDecoder('big5', { fatal: true });
  } catch {
    throw new DgpaCalendarCsvError(
      'the file is not UTF-8 (probably Big5, which this Node.js cannot decode: it lacks full ICU). ' +
        'Convert it first, e.g. `iconv -f BIG5 -t UTF-8 in.csv > out.csv`, or download the UTF-8 file.',
    );
  }
  // ICU's Big5 decoder drops bytes it cannot map rather than failing: every character decoded
  // must account for its bytes (one for ASCII, two for the rest).
  let text = '';
  try {
    text = big5.decode(bytes);
  } catch {
    // counted as not Big5 below
  }
  const decodedBytes = [...text].reduce((sum, char) => sum + (char.codePointAt(0)! < 0x80 ? 1 : 2), 0);
  if (decodedBytes !== bytes.length) throw new DgpaCalendarCsvError('the file is neither UTF-8 nor Big5 text');
  return { text, encoding: 'big5' };
}

function decode(label: string, bytes: Uint8Array, message: string): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    throw new DgpaCalendarCsvError(message);
  }
}

/** One CSV line's fields: commas separate, a field may be double-quoted (`""` inside is a quote). */
function fieldsOf(line: string, lineNo: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i += 1;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) throw new DgpaCalendarCsvError('a quoted field is not closed', lineNo);
        field += line.slice(i, quote);
        i = quote + 1;
        if (line[i] === '"') {
          field += '"';
          i += 1;
        } else break;
      }
      if (i < line.length && line[i] !== ',') throw new DgpaCalendarCsvError('text after a closing quote', lineNo);
    } else {
      const comma = line.indexOf(',', i);
      field = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length : comma;
    }
    fields.push(field.trim());
    if (i >= line.length) return fields;
    i += 1; // the comma
  }
}

/** Parses and checks a DGPA office calendar CSV (bytes in any encoding {@link decodeDgpaCsv} takes, or text). */
export function parseDgpaCalendarCsv(input: Uint8Array | string): DgpaCalendarYear {
  const { text, encoding } = typeof input === 'string' ? { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8' as const } : decodeDgpaCsv(input);
  const lines = text.split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new DgpaCalendarCsvError('the file is empty');

  const header = fieldsOf(lines[0], 1);
  const column = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, title]) => {
      const index = header.indexOf(title);
      if (index < 0) {
        throw new DgpaCalendarCsvError(`the header has no column ${title}: expected ${Object.values(COLUMNS).join(',')}, found ${JSON.stringify(lines[0])}`, 1);
      }
      return [key, index];
    }),
  ) as Record<keyof typeof COLUMNS, number>;

  let year: number | undefined;
  const seen = new Map<string, number>();
  const daysOffOnWeekdays: CalendarDay[] = [];
  const workingWeekendDays: CalendarDay[] = [];
  lines.slice(1).forEach((line, index) => {
    const lineNo = index + 2;
    if (line.trim() === '') throw new DgpaCalendarCsvError('an empty line inside the calendar', lineNo);
    const fields = fieldsOf(line, lineNo);
    if (fields.length > header.length) {
      throw new DgpaCalendarCsvError(`${fields.length} fields where the header has ${header.length} (a 備註 holding a comma must be quoted)`, lineNo);
    }
    const [rawDate, weekdayZh, flag, note] = [fields[column.date] ?? '', fields[column.weekday] ?? '', fields[column.dayOff] ?? '', fields[column.note] ?? ''];

    const match = /^(\d{4})(\d{2})(\d{2})$/.exec(rawDate);
    const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    const date = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
    if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
      throw new DgpaCalendarCsvError(`西元日期 ${JSON.stringify(rawDate)} is not a date YYYYMMDD`, lineNo);
    }
    year ??= Number(match[1]);
    if (Number(match[1]) !== year) throw new DgpaCalendarCsvError(`${rawDate} is not in ${year}, the year of the first row (one year per file)`, lineNo);
    const earlier = seen.get(date);
    if (earlier !== undefined) throw new DgpaCalendarCsvError(`${rawDate} appears twice (also on line ${earlier})`, lineNo);
    seen.set(date, lineNo);

    const weekday = new Date(ms).getUTCDay();
    if (weekdayZh !== WEEKDAYS_ZH[weekday]) {
      throw new DgpaCalendarCsvError(`星期 ${JSON.stringify(weekdayZh)} is wrong: ${rawDate} is a ${WEEKDAYS_ZH[weekday]}`, lineNo);
    }
    if (flag !== '0' && flag !== '2') throw new DgpaCalendarCsvError(`是否放假 must be 0 (working day) or 2 (day off), found ${JSON.stringify(flag)}`, lineNo);
    const weekend = weekday === 0 || weekday === 6;
    if (!weekend && flag === '2') {
      if (note === '') throw new DgpaCalendarCsvError(`${rawDate} is a weekday off with no name in 備註`, lineNo);
      daysOffOnWeekdays.push({ date, name: note });
    }
    if (weekend && flag === '0') workingWeekendDays.push({ date, name: note || MAKE_UP_WORKDAY });
  });
  if (year === undefined) throw new DgpaCalendarCsvError('the file has a header but no days');

  const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS;
  if (seen.size !== days) {
    const missing: string[] = [];
    for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += DAY_MS) {
      const date = new Date(ms).toISOString().slice(0, 10);
      if (!seen.has(date)) missing.push(date);
    }
    const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ` and ${missing.length - 10} more` : '');
    throw new DgpaCalendarCsvError(`${year} has ${days} days but the file lists ${seen.size}: missing ${shown}`);
  }
  const byDate = (a: CalendarDay, b: CalendarDay) => a.date.localeCompare(b.date);
  return { year, days, encoding, daysOffOnWeekdays: daysOffOnWeekdays.sort(byDate), workingWeekendDays: workingWeekendDays.sort(byDate) };
}
