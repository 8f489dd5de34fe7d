import * as currencyCodes from 'currency-codes';
import { accepted, issue, readText, refused, type Checked } from './field-issue';

const RULE = 'R-ITEM-6';

/**
 * ISO 4217 entries that are not money one is paid in: precious metals (XAU, XAG, XPT, XPD),
 * bond-market units (XBA–XBD), the testing code XTS and "no currency" XXX. currency-codes
 * marks them with a pseudo-country `Zz…`.
 */
function isMoney(record: currencyCodes.CurrencyCodeRecord): boolean {
  return !record.countries.some((country) => /^Zz\d/i.test(country));
}

/** Whether `code` is an ISO 4217 currency code in upper case that is money (USD, TWD, EUR). */
export function isCurrencyCode(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return false;
  const record = currencyCodes.code(code);
  return record !== undefined && isMoney(record);
}

/** The ISO 4217 name: `TWD` → `New Taiwan Dollar`. Throws for an unknown code. */
export function currencyName(code: string): string {
  if (!isCurrencyCode(code)) throw new RangeError(`Unknown currency code ${JSON.stringify(code)}`);
  return currencyCodes.code(code)!.currency;
}

/** Decimals of the currency's minor unit: `USD` → 2, `JPY` → 0. Throws for an unknown code. */
export function currencyMinorUnits(code: string): number {
  if (!isCurrencyCode(code)) throw new RangeError(`Unknown currency code ${JSON.stringify(code)}`);
  return currencyCodes.code(code)!.digits;
}

/** R-ITEM-6 currency: an ISO 4217 code; lower case is accepted and upper-cased (`usd` → `USD`). */
export function checkCurrencyCode(input: unknown, field: string): Checked<string> {
  const text = readText(input);
  if (text === null) return refused(issue(field, RULE, 'Currency must be given as a three-letter ISO 4217 code, e.g. USD'));
  if (text === undefined) return refused(issue(field, RULE, 'Currency is required: a three-letter ISO 4217 code, e.g. USD'));
  const code = text.toUpperCase();
  if (!isCurrencyCode(code)) {
    return refused(issue(field, RULE, `Currency must be a three-letter ISO 4217 code such as USD, EUR or TWD (found ${JSON.stringify(text)})`));
  }
  return accepted(code);
}
