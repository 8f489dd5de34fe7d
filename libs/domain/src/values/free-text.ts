import { accepted, issue, readText, refused, type Checked } from './field-issue';

/** How a free-text field is checked. */
export interface TextFormat {
  rule: string;
  /** Names the field in messages: "Goods name", "Buyer name". */
  label: string;
  /** In characters (Unicode code points, so one Chinese character counts one). */
  maxLength: number;
  /** The rule a missing value breaks, when not `rule` (R-FORM-1: required fields are required). */
  requiredRule?: string;
}

/**
 * Trims, and turns each run of white space (spaces, tabs, line breaks from a pasted address)
 * into one space. Other control characters are left for the check to refuse.
 */
export function normaliseSpaces(text: string): string {
  return text.trim().replace(/[ \t\r\n\u00a0]+/g, ' ');
}

/** The length a reader sees: code points, not UTF-16 units. */
export function characterCount(text: string): number {
  return [...text].length;
}

/**
 * The code points in `text` no reader should get, e.g. `U+0007`: control characters (NUL
 * among them), format characters (zero-width spaces, bidi overrides that make a reason read
 * differently from what it stores) and unpaired surrogates (not text at all).
 */
export function controlCharacters(text: string): string[] {
  return [...new Set([...text].filter((char) => /\p{Cc}|\p{Cf}|\p{Cs}/u.test(char)))].map(codePoint);
}

export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Text a person wrote that passed {@link checkFreeText}: trimmed, spaces normalised, no control,
 * format or unpaired-surrogate characters, not blank. Reasons, notes and messages are typed so,
 * so a command cannot carry text that skipped the check.
 */
export type FreeText = string & { readonly __freeText: unique symbol };

/** A reason, note or message of up to `maxLength` characters (2,000 by default), in any script. */
export function checkReason(input: unknown, field: string, rule: string, label = 'Reason', maxLength = 2000): Checked<FreeText> {
  return checkFreeText(input, field, { rule, label, maxLength }) as Checked<FreeText>;
}

/**
 * A free-text field in any script, with white space normalised, no control characters and a
 * maximum length. Returns `undefined` for a blank optional field.
 */
export function checkFreeText(input: unknown, field: string, format: TextFormat & { required: false }): Checked<string | undefined>;
export function checkFreeText(input: unknown, field: string, format: TextFormat & { required?: true }): Checked<string>;
export function checkFreeText(input: unknown, field: string, format: TextFormat & { required?: boolean }): Checked<string | undefined> {
  const { rule, label, maxLength, required = true, requiredRule = rule } = format;
  const refuse = (message: string) => refused<string>(issue(field, rule, message));
  const raw = readText(input);
  if (raw === null) return refuse(`${label} must be text`);
  if (raw === undefined) return required ? refused(issue(field, requiredRule, `${label} is required`)) : accepted(undefined);
  const text = normaliseSpaces(raw);
  const controls = controlCharacters(text);
  if (controls.length > 0) return refuse(`${label} contains control characters (${controls.join(', ')}); remove them`);
  const length = characterCount(text);
  if (length > maxLength) return refuse(`${label} may have at most ${maxLength} characters (it has ${length})`);
  return accepted(text);
}
