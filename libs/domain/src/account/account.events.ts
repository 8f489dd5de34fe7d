import type { Role } from '../shared/roles';

export type AccountKind = 'COMPANY' | 'PERSON' | 'STAFF';

/** Events of an `account-<businessId>` stream. Past tense; each a storage format (account.codec.ts). */
export interface AccountRegistered {
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

export interface PasswordResetRequested {
  type: 'PasswordResetRequested';
  data: { resetId: string; requestedAt: string; expiresAt: string };
}

export interface PasswordChanged {
  type: 'PasswordChanged';
  data: { passwordHash: string; resetId: string | null; changedAt: string };
}

/** R-ACC-4: the applicant (the stream's owner) lets another account act for it. */
export interface AgentAuthorized {
  type: 'AgentAuthorized';
  data: { agentBusinessId: string; authorizedAt: string };
}

export interface AgentAuthorizationRevoked {
  type: 'AgentAuthorizationRevoked';
  data: { agentBusinessId: string; revokedAt: string };
}

export type AccountEvent = AccountRegistered | PasswordResetRequested | PasswordChanged | AgentAuthorized | AgentAuthorizationRevoked;

