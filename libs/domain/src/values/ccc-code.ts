import { accepted, issue, readText, refused, type Checked } from './field-issue';

const RULE = 'R-ITEM-4';

/**
 * The check digit (11th digit) of a CCC code from its first 10 digits. No official algorithm
 * was found; this one fits every sample code of /work/shared/reference/ccc-samples.tsv:
 * S = (2·d1 mod 10) + Σ digit-sum(2·d) for d3, d5, d7, d9 + Σ d2, d4, d6, d8, d10;
 * check = (10 − S mod 10) mod 10.
 */
export function cccCheckDigit(firstTen: string): number {
  if (!/^\d{10}$/.test(firstTen)) throw new RangeError(`A CCC check digit needs 10 digits, got ${JSON.stringify(firstTen)}`);
  const d = [...firstTen].map(Number);
  const digitSum = (n: number) => Math.floor(n / 10) + (n % 10);
  let sum = (2 * d[0]) % 10;
  for (const i of [2, 4, 6, 8]) sum += digitSum(2 * d[i]);
  for (const i of [1, 3, 5, 7, 9]) sum += d[i];
  return (10 - (sum % 10)) % 10;
}

/** Whether the 11th digit of an 11-digit CCC code matches its check digit. */
export function hasValidCccCheckDigit(code: string): boolean {
  return /^\d{11}$/.test(code) && cccCheckDigit(code.slice(0, 10)) === Number(code[10]);
}

/** The dotted form printed in the tariff: `85489090005` → `8548.90.90.00-5`. */
export function formatCccCode(code: string): string {
  if (!/^\d{11}$/.test(code)) throw new RangeError(`Not an 11-digit CCC code: ${JSON.stringify(code)}`);
  return `${code.slice(0, 4)}.${code.slice(4, 6)}.${code.slice(6, 8)}.${code.slice(8, 10)}-${code[10]}`;
}

/**
 * R-ITEM-4: exactly 11 digits, nothing else (surrounding spaces are trimmed). The dotted
 * tariff form `8548.90.90.00-5` is refused, with the digits to write instead. A check digit
 * that does not match is a WARNING, not a refusal, until the algorithm is confirmed against
 * the full tariff file (reference README).
 */
export function checkCccCode(input: unknown, field: string): Checked<string> {
  const text = readText(input);
  if (text === null) return refused(issue(field, RULE, 'CCC code must be given as text of 11 digits'));
  if (text === undefined) return refused(issue(field, RULE, 'CCC code is required: 11 digits'));
  if (!/^\d{11}$/.test(text)) {
    const digits = text.replace(/[.\-\s]/g, '');
    const message = /^\d{11}$/.test(digits)
      ? `CCC code must be 11 digits with nothing else: write ${digits}, without dots, dash or spaces`
      : `CCC code must be exactly 11 digits, e.g. 85489090005 (found ${JSON.stringify(text)})`;
    return refused(issue(field, RULE, message));
  }
  if (hasValidCccCheckDigit(text)) return accepted(text);
  const expected = cccCheckDigit(text.slice(0, 10));
  return accepted(text, [
    issue(
      field,
      RULE,
      `CCC code ${formatCccCode(text)}: the last digit is not the expected check digit ${expected}; please verify the code against the tariff`,
    ),
  ]);
}
