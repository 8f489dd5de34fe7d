import * as countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import zh from 'i18n-iso-countries/langs/zh.json';
import { accepted, issue, readText, refused, type Checked } from './field-issue';

countries.registerLocale(en);
countries.registerLocale(zh);

const ALPHA2 = new Set(Object.keys(countries.getAlpha2Codes()));

/**
 * English names follow i18n-iso-countries except where its name is not the one a Taiwan
 * authority prints: Taiwan is `Taiwan`, not "Taiwan, Province of China".
 */
const ENGLISH_NAME_OVERRIDES: Readonly<Record<string, string>> = { TW: 'Taiwan' };

/**
 * Traditional Chinese names. i18n-iso-countries 7.14 has no zh-TW locale (its `zh` is
 * Simplified, with mainland usage: TW is "中国台湾省", NZ "新西兰"). Node's ICU (CLDR) has
 * Taiwan usage, so names come from `Intl.DisplayNames('zh-Hant-TW')`: TW 台灣, NZ 紐西蘭,
 * IT 義大利, KP 北韓. Only on a Node built without full ICU does it fall back to the package's
 * Simplified `zh` name (TW still 台灣).
 */
const zhTw = new Intl.DisplayNames(['zh-Hant-TW'], { type: 'region', fallback: 'none' });
const hasTaiwanNames = Intl.DisplayNames.supportedLocalesOf(['zh-Hant-TW']).length > 0;

/** Whether `code` is an ISO 3166-1 alpha-2 code in upper case (`TW`; not `tw`, not `TWN`). */
export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{2}$/.test(code) && ALPHA2.has(code);
}

/** Every ISO 3166-1 alpha-2 code known, sorted. */
export function countryCodes(): string[] {
  return [...ALPHA2].sort();
}

/** English name of a country code: `DE` → `Germany`. Throws for an unknown code. */
export function countryNameEn(code: string): string {
  if (!isCountryCode(code)) throw new RangeError(`Unknown country code ${JSON.stringify(code)}`);
  return ENGLISH_NAME_OVERRIDES[code] ?? countries.getName(code, 'en') ?? code;
}

/** Traditional Chinese (Taiwan) name of a country code: `DE` → `德國`. Throws for an unknown code. */
export function countryNameZhTw(code: string): string {
  if (!isCountryCode(code)) throw new RangeError(`Unknown country code ${JSON.stringify(code)}`);
  const name = hasTaiwanNames ? zhTw.of(code) : undefined;
  if (name && name !== code) return name;
  return code === 'TW' ? '台灣' : (countries.getName(code, 'zh') ?? code);
}

/**
 * A country field: an ISO 3166-1 alpha-2 code. Lower case is accepted and upper-cased
 * (`de` → `DE`); alpha-3 (`DEU`) and names are refused. `rule` names the rule the field
 * serves (R-FORM-1 by default: a required field of the form).
 */
export function checkCountryCode(input: unknown, field: string, rule = 'R-FORM-1'): Checked<string> {
  const text = readText(input);
  if (text === null) return refused(issue(field, rule, 'Country must be given as a two-letter ISO 3166-1 code, e.g. DE'));
  if (text === undefined) return refused(issue(field, rule, 'Country is required: a two-letter ISO 3166-1 code, e.g. DE'));
  const code = text.toUpperCase();
  if (!isCountryCode(code)) {
    return refused(issue(field, rule, `Country must be a two-letter ISO 3166-1 code such as DE or US (found ${JSON.stringify(text)})`));
  }
  return accepted(code);
}
