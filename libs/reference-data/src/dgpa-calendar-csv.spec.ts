import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import shipped from '../data/taiwan-calendar.json';
import { DgpaCalendarCsvError, parseDgpaCalendarCsv } from './dgpa-calendar-csv';
import { dgpaCsv } from './testing/dgpa-csv';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** The synthetic 2028 of these tests (not the DGPA's 2028). */
const year2028 = {
  daysOff: { '2028-01-04': '測試假日', '2028-01-25': '農曆除夕', '2028-01-26': '春節' },
  workingWeekendDays: { '2028-01-15': '補行上班' },
};
/** The CSV's lines without the BOM; line n of the file is lines[n - 1]. */
const lines2028 = () => dgpaCsv(2028, year2028, { bom: false }).trimEnd().split('\r\n');
const refused = (text: string | Buffer) => {
  try {
    parseDgpaCalendarCsv(typeof text === 'string' ? utf8(text) : text);
  } catch (error) {
    expect(error).toBeInstanceOf(DgpaCalendarCsvError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('the DGPA office calendar CSV (政府行政機關辦公日曆表)', () => {
  it('derives the weekday days off and the working weekend days of a good file', () => {
    const year = parseDgpaCalendarCsv(utf8(dgpaCsv(2028, year2028, { bom: false })));
    expect(year).toEqual({
      year: 2028,
      days: 366,
      encoding: 'utf-8',
      daysOffOnWeekdays: [
        { date: '2028-01-04', name: '測試假日' },
        { date: '2028-01-25', name: '農曆除夕' },
        { date: '2028-01-26', name: '春節' },
      ],
      workingWeekendDays: [{ date: '2028-01-15', name: '補行上班' }],
    });
  });

  it('reads a file with a byte-order mark, LF line ends and quoted fields alike', () => {
    const withBom = parseDgpaCalendarCsv(utf8(dgpaCsv(2028, year2028)));
    expect(withBom.encoding).toBe('utf-8 with BOM');
    const quoted = dgpaCsv(2028, year2028, { eol: '\n' }).replace('20280104,二,2,測試假日', '"20280104","二","2","測試,假日"');
    const plain = parseDgpaCalendarCsv(utf8(quoted));
    expect(plain.daysOffOnWeekdays[0]).toEqual({ date: '2028-01-04', name: '測試,假日' });
    expect(plain.workingWeekendDays).toEqual(withBom.workingWeekendDays);
  });

  it('names a working weekend day 補行上班 when 備註 is empty', () => {
    const year = parseDgpaCalendarCsv(utf8(dgpaCsv(2028, { workingWeekendDays: { '2028-01-15': '' } })));
    expect(year.workingWeekendDays).toEqual([{ date: '2028-01-15', name: '補行上班' }]);
  });

  it('gives the shipped 2027 from the DGPA layout of 2027 (UTF-8 with BOM, CRLF)', () => {
    const year = parseDgpaCalendarCsv(readFileSync(join(__dirname, 'testing', 'dgpa-2027.csv')));
    expect(year.encoding).toBe('utf-8 with BOM');
    expect(year.daysOffOnWeekdays).toEqual(shipped.years['2027'].daysOffOnWeekdays);
    expect(year.workingWeekendDays).toEqual(shipped.years['2027'].workingWeekendDays);
  });

  it('reads Big5, the DGPA\'s other encoding (Node.js with full ICU)', () => {
    // Node has no Big5 encoder: invert its decoder over the two-byte codes.
    const decoder = new TextDecoder('big5');
    const big5 = new Map<string, number[]>();
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (const trail of [...Array(0x3f).keys()].map((i) => 0x40 + i).concat([...Array(0x5e).keys()].map((i) => 0xa1 + i))) {
        const char = decoder.decode(Uint8Array.from([lead, trail]));
        if (char.length === 1 && !big5.has(char)) big5.set(char, [lead, trail]);
      }
    }
    const text = dgpaCsv(2028, { daysOff: { '2028-01-04': '測試假日' } }, { bom: false });
    const bytes = Buffer.from([...text].flatMap((c) => c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : big5.get(c)!));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const year = parseDgpaCalendarCsv(bytes);
    expect(year.encoding).toBe('big5');
    expect(year.daysOffOnWeekdays).toEqual([{ date: '2028-01-04', name: '測試假日' }]);
  });

  describe('refuses a malformed file, naming the line', () => {
    const edited = (lineNo: number, line: string | null) => {
      const lines = lines2028();
      if (line === null) lines.splice(lineNo - 1, 1);
      else lines[lineNo - 1] = line;
      return lines.join('\r\n');
    };

    it('a bad line', () => {
      expect(refused(edited(5, '20280104,二,1,測試假日'))).toBe('line 5: 是否放假 must be 0 (working day) or 2 (day off), found "1"');
      expect(refused(edited(5, '2028-01-04,二,2,測試假日'))).toBe('line 5: 西元日期 "2028-01-04" is not a date YYYYMMDD');
      expect(refused(edited(5, '20280230,二,2,x'))).toBe('line 5: 西元日期 "20280230" is not a date YYYYMMDD');
      expect(refused(edited(5, '20280104,三,2,測試假日'))).toBe('line 5: 星期 "三" is wrong: 20280104 is a 二');
      expect(refused(edited(5, '20280104,二,2,'))).toBe('line 5: 20280104 is a weekday off with no name in 備註');
      expect(refused(edited(5, '20280104,二,2,a,b'))).toMatch(/^line 5: 5 fields where the header has 4/);
      expect(refused(edited(5, '20270104,一,0,'))).toBe('line 5: 20270104 is not in 2028, the year of the first row (one year per file)');
      expect(refused(edited(5, ''))).toBe('line 5: an empty line inside the calendar');
      expect(refused(edited(1, 'date,weekday,off,note'))).toMatch(/^line 1: the header has no column 西元日期/);
    });

    it('missing dates', () => {
      const message = refused(edited(61, null)); // 2028-02-29, a leap day (line 2 is 1 January)
      expect(message).toBe('2028 has 366 days but the file lists 365: missing 2028-02-29');
      expect(refused(lines2028().slice(0, 3).join('\n'))).toMatch(/^2028 has 366 days but the file lists 2: missing 2028-01-03, .* and 354 more$/);
    });

    it('a duplicate date', () => {
      const lines = lines2028();
      lines.splice(10, 0, lines[4]);
      expect(refused(lines.join('\r\n'))).toBe('line 11: 20280104 appears twice (also on line 5)');
    });

    it('an empty file, or a header alone', () => {
      expect(refused('')).toBe('the file is empty');
      expect(refused('\uFEFF西元日期,星期,是否放假,備註\r\n')).toBe('the file has a header but no days');
    });

    it('bytes that are not text', () => {
      expect(refused(Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe]))).toBe('not valid UTF-8 although it begins with a UTF-8 byte-order mark');
      expect(refused(Buffer.from([0x80, 0x80, 0xff]))).toBe('the file is neither UTF-8 nor Big5 text');
      expect(refused(Buffer.from([0xa6, 0xe8, 0x41, 0xff, 0x41]))).toBe('the file is neither UTF-8 nor Big5 text');
    });
  });
});
