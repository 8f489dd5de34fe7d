import type { FieldIssue } from '../shared/refusal';

/**
 * What a value check answers. `field` is the exact path of the value in the command
 * (`items[2].quantity`), so the edge can point at it; `rule` is domain.md's rule id.
 *
 * FieldIssue itself lives in shared/refusal.ts (a Refusal carries them); it is re-exported
 * here so a value check needs one import.
 */
export type { FieldIssue };

/**
 * The result of checking one value: the normalised value and any warnings, or the issues
 * that refuse it. Warnings are kept on a refusal too, so an applicant sees them all at once
 * (a CCC check-digit warning beside a quantity error).
 */
export type Checked<T> =
  | { ok: true; value: T; warnings: FieldIssue[] }
  | { ok: false; issues: FieldIssue[]; warnings: FieldIssue[] };

export function issue(field: string, rule: string, message: string): FieldIssue {
  return { field, message, rule };
}

export function accepted<T>(value: T, warnings: FieldIssue[] = []): Checked<T> {
  return { ok: true, value, warnings };
}

export function refused<T = never>(issues: FieldIssue | FieldIssue[], warnings: FieldIssue[] = []): Checked<T> {
  return { ok: false, issues: Array.isArray(issues) ? issues : [issues], warnings };
}

/** Every issue and warning of several checks, in order. */
export function collect(checks: readonly Checked<unknown>[]): { issues: FieldIssue[]; warnings: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  for (const check of checks) {
    if (!check.ok) issues.push(...check.issues);
    warnings.push(...check.warnings);
  }
  return { issues, warnings };
}

/**
 * A text input trimmed of surrounding white space; `undefined` when it is missing or blank,
 * `null` when it is not a string at all. Every check trims: spaces around a value pasted from
 * a spreadsheet are not part of it.
 */
export function readText(input: unknown): string | undefined | null {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== 'string') return null;
  const text = input.trim();
  return text === '' ? undefined : text;
}

/**
 * Gathers the issues and warnings of many checks of one command: `take` answers a check's
 * value, or undefined when it refused (its issues are kept).
 */
export function issueCollector() {
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const take = <T>(check: Checked<T>): T | undefined => {
    warnings.push(...check.warnings);
    if (check.ok) return check.value;
    issues.push(...check.issues);
    return undefined;
  };
  return { issues, warnings, take };
}
