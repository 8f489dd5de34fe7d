import type { Role } from '../shared/roles';

export type AccountKind = 'COMPANY' | 'PERSON' | 'STAFF';

/** Events of an `account-<businessId>` stream. Past tense; each is a storage format (schemaVersion 1). */
export type AccountEvent =
  | {
      type: 'AccountRegistered';
      data: {
        accountId: string;
        businessId: string;
        kind: AccountKind;
        role: Role;
        name: string;
        email: string;
        /** scrypt hash; the audit API redacts it. */
        passwordHash: string;
        registeredAt: string;
      };
    }
  | { type: 'PasswordResetRequested'; data: { resetId: string; requestedAt: string; expiresAt: string } }
  | { type: 'PasswordChanged'; data: { passwordHash: string; resetId: string | null; changedAt: string } }
  | { type: 'AgentAuthorized'; data: { agentBusinessId: string; authorizedAt: string } }
  | { type: 'AgentAuthorizationRevoked'; data: { agentBusinessId: string; revokedAt: string } };

export type AccountEventType = AccountEvent['type'];

/** Fields the audit API must not show (secrets at rest in the log). */
export const ACCOUNT_REDACTED_FIELDS = ['passwordHash'] as const;
