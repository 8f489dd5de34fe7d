/**
 * How a rule of domain.md refuses a command: a value naming the rule, never a bare string.
 * `kind` tells the edge which status to answer (api.md): CONFLICT 409, NOT_FOUND 404,
 * FORBIDDEN 403, RULE 422.
 */
export type RefusalKind = 'RULE' | 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID';

/** One field a rule refused or warns about, as api.md's `errors` and `warnings` carry them. */
export interface FieldIssue {
  field: string;
  message: string;
  rule: string;
}

export class Refusal {
  constructor(
    readonly rule: string,
    readonly message: string,
    readonly kind: RefusalKind = 'RULE',
    readonly field?: string,
    /** Every field refused, when more than one is. */
    readonly issues: FieldIssue[] = field ? [{ field, message, rule }] : [],
    /** Facts the caller needs to recover, such as the case's status and the actions open now. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {}

  with(details: Record<string, unknown>): Refusal {
    return new Refusal(this.rule, this.message, this.kind, this.field, this.issues, { ...this.details, ...details });
  }
}

/** Refuses with every issue found; the first one's rule names the refusal. INVALID answers 400. */
export function refuseAll(issues: FieldIssue[], kind: RefusalKind = 'INVALID', message?: string): Refusal {
  const summary = message ?? issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
  return new Refusal(issues[0].rule, summary, kind, undefined, issues);
}

export function refuse(rule: string, message: string, kind: RefusalKind = 'RULE', field?: string): Refusal {
  return new Refusal(rule, message, kind, field);
}

export function isRefusal(value: unknown): value is Refusal {
  return value instanceof Refusal;
}

/** Thrown at the application edge when a decider refused; the HTTP filter turns it into problem+json. */
export class RefusalError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`${refusal.rule}: ${refusal.message}`);
    this.name = 'RefusalError';
  }
}
