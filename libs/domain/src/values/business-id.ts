import { accepted, issue, readText, refused, type Checked } from './field-issue';

const RULE = 'R-ACC-6';
const FIELD = 'businessId';

/** Who registers: a company by its business number, a person by ID or passport (api.md). */
export type ApplicantKind = 'COMPANY' | 'PERSON';

/**
 * R-ACC-6: an applicant's identifier is checked at registration, so that a typo cannot create
 * an account for someone else's number (R-ACC-1 then keeps the owner out). Answers the
 * identifier as it is kept: trimmed, letters upper-cased. Staff identifiers are not checked.
 */
export function checkApplicantId(input: unknown, kind: ApplicantKind): Checked<string> {
  const text = readText(input);
  if (typeof text !== 'string') {
    return refuse(kind === 'COMPANY' ? COMPANY_FORM : PERSON_FORM);
  }
  return kind === 'COMPANY' ? checkBusinessNumber(text) : checkPersonId(text.toUpperCase());
}

const COMPANY_FORM = "A company's business number (統一編號) is 8 digits";
const PERSON_FORM =
  'A person registers with a national ID or resident certificate number (a letter, then 9 digits) ' +
  'or a passport number (6 to 20 letters and digits)';

/** Weights of the business number's check, digit by digit. */
const BUSINESS_NUMBER_WEIGHTS = [1, 2, 1, 2, 1, 2, 4, 1];

/**
 * 統一編號: each digit times its weight, the digits of each product added up, the sums added.
 * Numbers issued from 2023 have a sum divisible by 5; older ones by 10, which is divisible by 5
 * too. A 7th digit of 7 gives 28, whose digits make 10, which counts as 0 or as 1: either passes.
 */
function checkBusinessNumber(text: string): Checked<string> {
  if (!/^[0-9]{8}$/.test(text)) return refuse(`${COMPANY_FORM} (found ${JSON.stringify(text)})`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    if (i === 6 && text[i] === '7') continue;
    const product = Number(text[i]) * BUSINESS_NUMBER_WEIGHTS[i];
    sum += Math.floor(product / 10) + (product % 10);
  }
  const passes = sum % 5 === 0 || (text[6] === '7' && (sum + 1) % 5 === 0);
  return passes ? accepted(text) : refuse(`Business number ${text} fails its check digit: check it for a typo`);
}

/** A national ID's or resident certificate's letter (the place of first registration) as a number. */
const LETTER_VALUES: Record<string, number> = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, I: 34, J: 18, K: 19, L: 20, M: 21,
  N: 22, O: 35, P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, W: 32, X: 30, Y: 31, Z: 33,
};
const ID_DIGIT_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 1, 1];

/**
 * A letter then 9 digits is a national ID (second character 1 or 2) or a new-format resident
 * certificate number (8 or 9), and must pass the check: the letter's two digits times 1 and 9,
 * the nine digits times 8, 7, 6, 5, 4, 3, 2, 1, 1, all divisible by 10. Anything else of
 * letters and digits is a passport number, taken as given.
 */
function checkPersonId(text: string): Checked<string> {
  if (/^[A-Z][0-9]{9}$/.test(text)) {
    const document = '12'.includes(text[1]) ? 'National ID' : '89'.includes(text[1]) ? 'Resident certificate number' : null;
    if (!document) {
      return refuse(
        `${text} is neither a national ID nor a resident certificate number: after the letter comes 1 or 2 (national ID) or 8 or 9 (resident certificate)`,
      );
    }
    const letter = LETTER_VALUES[text[0]];
    let sum = Math.floor(letter / 10) + (letter % 10) * 9;
    for (let i = 0; i < 9; i++) sum += Number(text[i + 1]) * ID_DIGIT_WEIGHTS[i];
    return sum % 10 === 0 ? accepted(text) : refuse(`${document} ${text} fails its check digit: check it for a typo`);
  }
  if (!/^[A-Z0-9]{6,20}$/.test(text)) return refuse(PERSON_FORM);
  return accepted(text);
}

function refuse(message: string): Checked<string> {
  return refused(issue(FIELD, RULE, message));
}
