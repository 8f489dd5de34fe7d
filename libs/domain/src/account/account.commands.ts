import type { Role } from '../shared/roles';
import type { AccountKind } from './account.events';

export type AccountCommand =
  | {
      type: 'RegisterAccount';
      accountId: string;
      businessId: string;
      kind: AccountKind;
      role: Role;
      name: string;
      email: string;
      passwordHash: string;
      at: string;
    }
  | { type: 'RequestPasswordReset'; resetId: string; at: string; expiresAt: string }
  | { type: 'ResetPassword'; resetId: string; passwordHash: string; at: string }
  | {
      type: 'AuthorizeAgent';
      agentBusinessId: string;
      /** Role of the agent's account as the handler found it; null when there is none. */
      agentRole: Role | null;
      at: string;
    }
  | { type: 'RevokeAgentAuthorization'; agentBusinessId: string; at: string };
