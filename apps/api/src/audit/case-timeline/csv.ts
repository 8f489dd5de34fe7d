/** Byte order mark: without it Excel reads a UTF-8 file in the system's code page, and Chinese turns to mojibake. */
export const UTF8_BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, and tab or carriage return, which
 * some spreadsheets strip before looking) is prefixed with an apostrophe, so it shows as text:
 * free text in a timeline (a reason, a file name) comes from applicants (OWASP "CSV injection").
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: a cell holding a quote, comma or line break is quoted, its quotes doubled. */
export function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Rows as RFC 4180 CSV (CRLF line ends), every cell neutralised then quoted; with the BOM first. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const lines = rows.map((row) => row.map((cell) => quote(neutralise(cell === null ? '' : String(cell)))).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
