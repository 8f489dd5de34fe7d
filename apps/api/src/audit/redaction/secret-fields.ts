import type { AccountEvent } from '@shtc/domain';

/** What a redacted value reads as, in every audit answer and export. */
export const REDACTED = '[REDACTED]';

type DataKey<T extends AccountEvent['type']> = keyof Extract<AccountEvent, { type: T }>['data'] & string;

/**
 * The one list of account-event fields that never leave the service through the audit: password
 * hashes (an offline guess at a hash is a guess at the password) and reset material (the reset id
 * a one-time link is made from). Keyed by every account event type, so a new event type does not
 * compile until someone decides what of it is secret; secret-fields.spec.ts fails when a field
 * whose name looks secret is neither listed here nor in {@link NOT_SECRET}.
 */
export const ACCOUNT_SECRET_FIELDS: { readonly [T in AccountEvent['type']]: readonly DataKey<T>[] } = {
  AccountRegistered: ['passwordHash'],
  PasswordResetRequested: ['resetId'],
  PasswordChanged: ['passwordHash', 'resetId'],
  AgentAuthorized: [],
  AgentAuthorizationRevoked: [],
};

/**
 * Field names that look secret by {@link LOOKS_SECRET} but are not, each with why: an auditor
 * must see them. Empty today; an entry here is a decision someone reviewed.
 */
export const NOT_SECRET: Readonly<Record<string, string>> = {};

/** Names a secret-bearing field would likely have. */
export const LOOKS_SECRET = /password|hash|secret|token|reset|salt|credential|otp|key/i;

export interface Redacted<D> {
  data: D;
  /** The fields whose values were replaced by {@link REDACTED}. */
  redacted: string[];
}

/**
 * An event's data as the audit may show it. Only account streams hold secrets. An account event
 * of a type this service does not know (written by a newer version) fails closed: every field
 * whose name looks secret is redacted. A null value stays null: that there was no reset says
 * nothing secret, and the auditor should see it.
 */
export function redact<D>(category: string, type: string, data: D): Redacted<D> {
  if (category !== 'account' || data === null || typeof data !== 'object') return { data, redacted: [] };
  const listed = Object.hasOwn(ACCOUNT_SECRET_FIELDS, type) ? (ACCOUNT_SECRET_FIELDS[type as AccountEvent['type']] as readonly string[]) : null;
  const isSecret = (key: string) => (listed ? listed.includes(key) : LOOKS_SECRET.test(key) && !Object.hasOwn(NOT_SECRET, key));
  const copy: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  const redacted = Object.keys(copy).filter((key) => isSecret(key) && copy[key] !== null && copy[key] !== undefined);
  for (const key of redacted) copy[key] = REDACTED;
  return { data: copy as D, redacted };
}
