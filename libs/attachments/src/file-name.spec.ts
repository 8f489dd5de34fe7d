import { MAX_FILE_NAME_LENGTH, displayFileName } from './file-name';

describe('displayFileName keeps the name a user gave as data, fit for display', () => {
  it.each([
    ['C:\\Users\\me\\最終用途保證書.pdf', '最終用途保證書.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b\r\nc\u007f.pdf', 'abc.pdf'],
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['  spaced.pdf  ', 'spaced.pdf'],
    ['cafe\u0301.pdf', 'café.pdf'],
  ])('%j → %j', (raw, shown) => {
    expect(displayFileName(raw, 'attachment.pdf')).toBe(shown);
  });

  it.each([[undefined], [''], ['..'], ['/'], ['\u0001\u0002'], ['dir/']])('falls back when nothing is left of %j', (raw) => {
    expect(displayFileName(raw, 'attachment.pdf')).toBe('attachment.pdf');
  });

  it('cuts a long name to MAX_FILE_NAME_LENGTH characters, keeping its extension and whole characters', () => {
    const shown = displayFileName(`${'貨'.repeat(300)}.xlsx`, 'x');
    expect(Array.from(shown)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(shown.endsWith('貨.xlsx')).toBe(true);
    expect(Array.from(displayFileName('😀'.repeat(300), 'x'))).toEqual(Array(MAX_FILE_NAME_LENGTH).fill('😀'));
  });
});
