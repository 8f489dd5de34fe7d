import { CsvError, parseCsv } from './csv';

describe('CSV records', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    const records = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n\nlast,1');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 6, fields: ['last', '1'] },
    ]);
  });

  it('names the line of a quote left open', () => {
    expect(() => parseCsv('a,b\nok,1\n"open,2\nmore')).toThrow(new CsvError(3, 'a quoted field is not closed'));
  });

  it('names the line of a stray quote', () => {
    expect(() => parseCsv('a,b\nx"y,1')).toThrow(/^line 2: a quote inside an unquoted field/);
    expect(() => parseCsv('a,b\n"x"y,1')).toThrow(/^line 2: a quoted field must end/);
  });
});
