import { checkCountryCode } from './country';
import { accepted, issue, refused, type Checked, type FieldIssue } from './field-issue';
import { checkFreeText, codePoint, type TextFormat } from './free-text';
import { simplifiedCharacters } from './simplified-chinese';

/** Our limits (the manual sets none), in characters. */
export const PARTY_TEXT_LIMITS = { name: 140, address: 300, nameZh: 100 } as const;

export type PartyRole = 'buyer' | 'consignee' | 'endUser';
const ROLE_LABEL: Record<PartyRole, string> = { buyer: 'Buyer', consignee: 'Consignee', endUser: 'End user' };

/** A buyer, consignee or end user whose fields passed R-FORM-1/2/3 (the shape of the case's Party). */
export interface ValidParty {
  name: string;
  address: string;
  country: string;
  nameZh?: string;
}

const ENGLISH = /^[\x20-\x7e]*$/;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/**
 * R-FORM-2: English letters, digits, spaces and the punctuation of a keyboard (printable
 * ASCII). White space runs become one space; control characters are refused. Accented
 * letters, Chinese and full-width characters (`，`, `（`, `Ａ`) are refused, naming them, with
 * the ASCII spelling to use when there is an obvious one: a party's legal name is not
 * changed silently. `rule` defaults to R-FORM-2; R-NEW-3's English end use passes its own.
 */
export function checkEnglishText(input: unknown, field: string, format: TextFormat & { required: false }): Checked<string | undefined>;
export function checkEnglishText(input: unknown, field: string, format: TextFormat & { required?: true }): Checked<string>;
export function checkEnglishText(input: unknown, field: string, format: TextFormat & { required?: boolean }): Checked<string | undefined> {
  const checked = checkFreeText(input, field, { ...format, required: false });
  if (!checked.ok) return checked;
  const text = checked.value;
  if (text === undefined) {
    return format.required === false ? checked : refused(issue(field, format.requiredRule ?? format.rule, `${format.label} is required`));
  }
  if (ENGLISH.test(text)) return checked;
  const foreign = [...new Set([...text].filter((char) => !ENGLISH.test(char)))];
  const shown = foreign.slice(0, 5).map((char) => `"${char}" (${codePoint(char)})`).join(', ');
  const what = foreign.some((char) => CJK.test(char)) ? 'Chinese or full-width characters' : 'characters outside English';
  const spelled = text.normalize('NFKD').replace(/\p{M}/gu, '');
  const hint = ENGLISH.test(spelled) ? `; write for example: ${spelled}` : '';
  return refused(
    issue(field, format.rule, `${format.label} must be written in English letters, digits and punctuation; it contains ${what}: ${shown}${hint}`),
  );
}

const CHINESE_NAME_CHARACTERS = /^[\p{Script=Han}\x20-\x7e\u3000-\u303f\uff00-\uffef\u00b7\u2027\u30fb]*$/u;

/**
 * R-FORM-3: the end user's name in Traditional Chinese. It must contain Han characters.
 * Latin letters, digits and punctuation may be mixed in, as in real registered names
 * (`ABB（中國）投資有限公司`, `TCL科技集團股份有限公司`); other scripts are refused.
 * Traditional and Simplified cannot be told apart for certain: characters that only
 * Simplified Chinese uses (华, 国 …) give a WARNING naming their Traditional forms.
 */
export function checkChineseName(input: unknown, field: string, options: { required: boolean }): Checked<string | undefined> {
  const label = 'End user name in Traditional Chinese';
  const checked = checkFreeText(input, field, { rule: 'R-FORM-3', label, maxLength: PARTY_TEXT_LIMITS.nameZh, required: false });
  if (!checked.ok) return checked;
  const text = checked.value;
  if (text === undefined) {
    return options.required
      ? refused(issue(field, 'R-FORM-3', `${label} is required for an end user in mainland China (CN), e.g. 華為技術有限公司`))
      : checked;
  }
  if (!/\p{Script=Han}/u.test(text)) return refused(issue(field, 'R-FORM-3', `${label} must be written in Chinese characters`));
  if (!CHINESE_NAME_CHARACTERS.test(text)) {
    const other = [...new Set([...text].filter((char) => !CHINESE_NAME_CHARACTERS.test(char)))];
    return refused(issue(field, 'R-FORM-3', `${label} may mix in only English letters, digits and punctuation; found ${other.slice(0, 5).join(' ')}`));
  }
  const simplified = simplifiedCharacters(text);
  const warnings: FieldIssue[] =
    simplified.length > 0
      ? [issue(field, 'R-FORM-3', `${label} seems to be in Simplified Chinese (${simplified.slice(0, 8).join(', ')}); write it in Traditional Chinese`)]
      : [];
  return accepted(text, warnings);
}

function isRecord(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/**
 * A buyer, consignee or end user: English name and address (R-FORM-2, required per R-FORM-1),
 * an ISO country (R-FORM-1), and `nameZh` (R-FORM-3): required for an end user whose country
 * is CN, optional elsewhere but checked the same way when given. Every field's issues are
 * reported together.
 */
export function checkParty(input: unknown, field: string, role: PartyRole): Checked<ValidParty> {
  const label = ROLE_LABEL[role];
  if (!isRecord(input)) return refused(issue(field, 'R-FORM-1', `${label} details are required: name, address and country`));
  const english = (key: 'name' | 'address') =>
    checkEnglishText(input[key], `${field}.${key}`, {
      rule: 'R-FORM-2',
      requiredRule: 'R-FORM-1',
      label: `${label} ${key}`,
      maxLength: PARTY_TEXT_LIMITS[key],
    });
  const name = english('name');
  const address = english('address');
  const country = checkCountryCode(input.country, `${field}.country`);
  const needsZh = role === 'endUser' && country.ok && country.value === 'CN';
  const nameZh = checkChineseName(input.nameZh, `${field}.nameZh`, { required: needsZh });
  const checks = [name, address, country, nameZh];
  const warnings = checks.flatMap((check) => check.warnings);
  if (!name.ok || !address.ok || !country.ok || !nameZh.ok) {
    return refused(checks.flatMap((check) => (check.ok ? [] : check.issues)), warnings);
  }
  const party: ValidParty = { name: name.value, address: address.value, country: country.value };
  if (nameZh.value !== undefined) party.nameZh = nameZh.value;
  return accepted(party, warnings);
}

/** R-FORM-2: the consignee may be marked "same as buyer" (`{ sameAsBuyer: true }`); otherwise it is a party. */
export function checkConsignee(input: unknown, field: string): Checked<ValidParty | { sameAsBuyer: true }> {
  if (isRecord(input) && input.sameAsBuyer === true) return accepted({ sameAsBuyer: true as const });
  return checkParty(input, field, 'consignee');
}
