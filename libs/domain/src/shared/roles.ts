/** R-ACC-5: what each kind of account may do is decided by its role. */
export const ROLES = ['APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR', 'CUSTOMS', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that register themselves; the others are staff, created by the CLI. */
export const SELF_REGISTERED_ROLES = ['APPLICANT', 'AGENT'] as const satisfies readonly Role[];
export const STAFF_ROLES = ['REVIEWER', 'AUDITOR', 'CUSTOMS', 'ADMIN'] as const satisfies readonly Role[];
