import { RefusalError, checkFreeText, checkReason, refuseAll, refuse, type Checked, type FreeText } from '@shtc/domain';

/** The checked value, or a 400 naming the field and the rule. */
export function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
  return checked.value;
}

/** A required reason, note or message: one free-text type for every reason (a 400 naming the field and the rule otherwise). */
export function reasonOf(input: unknown, field: string, rule: string, label = 'Reason'): FreeText {
  return valid(checkReason(input, field, rule, label));
}

/** An optional note: null when blank or absent. */
export function noteOf(input: unknown, field: string, rule: string, label = 'Note'): FreeText | null {
  return (valid(checkFreeText(input, field, { rule, label, maxLength: 2000, required: false })) as FreeText | undefined) ?? null;
}

/** `reasons`: one reason or a list of them, each checked as free text; at least one. */
export function reasonsOf(input: unknown, rule: string): FreeText[] {
  const list = Array.isArray(input) ? input : input === undefined ? [] : [input];
  if (list.length === 0) throw new RefusalError(refuse(rule, 'Give at least one reason', 'INVALID', 'reasons'));
  if (list.length > 20) throw new RefusalError(refuse(rule, 'At most 20 reasons', 'INVALID', 'reasons'));
  return list.map((reason, i) => reasonOf(reason, Array.isArray(input) ? `reasons[${i}]` : 'reasons', rule));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists. */
export function dateOf(input: unknown, field: string, rule: string): string {
  if (typeof input !== 'string' || !DATE.test(input) || new Date(`${input}T00:00:00Z`).toISOString().slice(0, 10) !== input) {
    throw new RefusalError(refuse(rule, `${field} must be a date YYYY-MM-DD`, 'INVALID', field));
  }
  return input;
}
