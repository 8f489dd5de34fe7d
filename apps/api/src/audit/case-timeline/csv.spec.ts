import { UTF8_BOM, toCsv } from './csv';

describe('timeline CSV', () => {
  it('starts with a byte order mark, so Excel reads the Chinese as UTF-8, and ends lines with CRLF', () => {
    const csv = toCsv([['description'], ['審查人員 R001 通知補件']]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1)).toBe('description\r\n審查人員 R001 通知補件\r\n');
  });

  it('quotes cells with commas, quotes and line breaks, doubling the quotes', () => {
    expect(toCsv([['a,b', 'say "no"', 'two\nlines', 'plain', 7, null]]).slice(1)).toBe('"a,b","say ""no""","two\nlines",plain,7,\r\n');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
  ])('neutralises a cell a spreadsheet would run as a formula: %j', (cell, written) => {
    expect(toCsv([[cell]]).slice(1)).toBe(`${written}\r\n`);
  });

  it('leaves a formula character that does not start the cell alone', () => {
    expect(toCsv([['reason: a=b', 'R-REV-2']]).slice(1)).toBe('reason: a=b,R-REV-2\r\n');
  });
});
