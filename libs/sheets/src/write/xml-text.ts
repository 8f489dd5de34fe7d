/**
 * Text for an XML part of a sheet: `& < > " '` escaped, and characters XML 1.0 cannot carry
 * (control characters other than tab and line breaks, unpaired surrogates, U+FFFE/U+FFFF)
 * replaced by U+FFFD, so the file always opens. The domain refuses control characters in goods
 * text, so in practice nothing is replaced.
 */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Whether a spreadsheet would take the text for a formula if it were typed or pasted: it starts
 * with `=`, `+`, `-` or `@`, or with a tab or carriage return before one (OWASP, CSV injection).
 * Such text is still written as a text cell, never as a formula; in .xlsx it is also marked as
 * if typed after an apostrophe (quotePrefix), so editing it in Excel keeps it text.
 */
export function looksLikeFormula(text: string): boolean {
  return /^[\t\r]*[=+\-@]/.test(text);
}

/** Whether a number cell's text is a plain decimal number, written as the cell's value. */
export function isPlainNumber(text: string): boolean {
  return /^-?\d{1,15}(\.\d{1,10})?$/.test(text);
}
