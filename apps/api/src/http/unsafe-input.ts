import type { FieldError } from './problem';

/** At most this many fields are named in one refusal: the answer stays small whatever the body. */
const MAX_ERRORS = 20;

/** A UTF-16 surrogate without its other half: no character at all, and not valid UTF-8 to store or mail. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Names every object inherits (`constructor`, `toString`, `__proto__` …) and `prototype`. As
 * keys of input they are never a field of ours, yet class-validator's whitelist looks fields up
 * in a plain object and finds these inherited ones, so it dropped them silently instead of
 * refusing them; and `__proto__` / `constructor.prototype` are how prototypes get polluted.
 */
const INHERITED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** The whitelist's refusal of an unknown field (validation.ts), for the same answer everywhere. */
export function notAField(field: string): FieldError {
  return { field, message: `${field} is not a field of this request` };
}

/**
 * Every key and string of a parsed input that cannot be taken, by its path (`buyer.name`,
 * `items[0].goodsName`; `body` for the input itself):
 * - an unpaired surrogate, in a key or a string: JSON allows it as a `\ud800` escape, but
 *   string checks downstream throw on it (the email check's `encodeURI` throws URIError: a 500);
 * - a key named after what every object inherits (INHERITED_NAMES).
 * Recursive: the JSON parser has bounded the depth before this runs.
 */
export function unsafeInputErrors(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  // Keys and indexes down to the value being visited; a path is spelled out only for a field
  // that is refused (most inputs have none, and every body and query passes through here).
  const at: Array<string | number> = [];
  const path = () => at.reduce<string>((parent, step) => (typeof step === 'number' ? `${parent}[${step}]` : fieldPath(parent, step)), '');
  const visit = (value: unknown): void => {
    if (errors.length >= MAX_ERRORS) return;
    if (typeof value === 'string') {
      if (UNPAIRED_SURROGATE.test(value)) errors.push({ field: path() || 'body', message: 'must not hold an unpaired UTF-16 surrogate (\\ud800-\\udfff)' });
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        at.push(index);
        visit(value[index]);
        at.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        at.push(key);
        if (UNPAIRED_SURROGATE.test(key)) {
          errors.push({ field: path(), message: 'is a key that holds an unpaired UTF-16 surrogate (\\ud800-\\udfff)' });
        } else if (INHERITED_NAMES.has(key)) {
          errors.push(notAField(path()));
        } else visit((value as Record<string, unknown>)[key]);
        at.pop();
      }
    }
  };
  visit(input);
  return errors.slice(0, MAX_ERRORS);
}

/** The path of a key under its parent, as errors name fields; lone surrogates shown as U+FFFD. */
export function fieldPath(parent: string, key: string): string {
  const name = key.replace(new RegExp(UNPAIRED_SURROGATE.source, 'g'), '\uFFFD');
  return parent ? `${parent}.${name}` : name;
}
