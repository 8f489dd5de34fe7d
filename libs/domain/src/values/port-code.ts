import { isCountryCode } from './country';
import { accepted, issue, readText, refused, type Checked } from './field-issue';

const RULE = 'R-FORM-4';

/**
 * R-FORM-4 transshipment port: a 5-character UN/LOCODE, the ISO 3166-1 alpha-2 code of a known
 * country plus 3 letters or digits 2–9 (`USNYC`, `SGSIN`, `TWKHH`). Only the form is checked:
 * no UN/LOCODE list is shipped (reference README). Lower case is accepted and upper-cased;
 * the printed form with a space (`US NYC`) is accepted and the space dropped.
 */
export function checkPortCode(input: unknown, field: string): Checked<string> {
  const refuse = (message: string) => refused<string>(issue(field, RULE, message));
  const text = readText(input);
  if (text === null) return refuse('Port must be given as a 5-character UN/LOCODE, e.g. SGSIN');
  if (text === undefined) return refuse('Port is required: a 5-character UN/LOCODE, e.g. SGSIN');
  const code = text.toUpperCase().replace(/^([A-Z]{2}) ([A-Z2-9]{3})$/, '$1$2');
  if (!/^[A-Z]{2}[A-Z2-9]{3}$/.test(code)) {
    return refuse(
      `Port must be a 5-character UN/LOCODE: a two-letter country code and 3 letters or digits 2–9, e.g. USNYC (found ${JSON.stringify(text)})`,
    );
  }
  if (!isCountryCode(code.slice(0, 2))) return refuse(`Port ${code} does not start with a known country code (${code.slice(0, 2)})`);
  return accepted(code);
}
