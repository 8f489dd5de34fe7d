import { BadRequestException } from '@nestjs/common';
import { unsafeInputErrors } from '../../http/unsafe-input';

/** A console form's fields: one value, or several for a field repeated (checkboxes). */
export type FormFields = Record<string, string | string[]>;

/** More than any console form has; a body with more is not one of ours. */
const MAX_FIELDS = 200;

/**
 * An HTML form body (application/x-www-form-urlencoded) as fields. Keys an object inherits
 * (`__proto__`, `constructor` …) are refused as the JSON parser refuses them.
 */
export function parseForm(text: string): FormFields {
  const fields: FormFields = {};
  let count = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    if (++count > MAX_FIELDS) throw new BadRequestException({ message: `A form has at most ${MAX_FIELDS} fields` });
    const known = Object.hasOwn(fields, name) ? fields[name] : undefined;
    fields[name] = known === undefined ? value : Array.isArray(known) ? [...known, value] : [known, value];
  }
  const errors = unsafeInputErrors(fields);
  if (errors.length > 0) throw new BadRequestException({ message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors });
  return fields;
}

/** One field's value as text (the first, if repeated); '' when absent. */
export function text(fields: FormFields | undefined, name: string): string {
  const value = fields?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** A field's values as a list (checkboxes): none, one or several. */
export function list(fields: FormFields | undefined, name: string): string[] {
  const value = fields?.[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Lines of a text area, trimmed, without blank ones: one reason or agency per line. */
export function lines(fields: FormFields | undefined, name: string): string[] {
  return text(fields, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
