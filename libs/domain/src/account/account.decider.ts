import { assertNever, type Decider, type Decision } from '../shared/decider';
import { refuse } from '../shared/refusal';
import { SELF_REGISTERED_ROLES, type Role } from '../shared/roles';
import type { AccountCommand } from './account.commands';
import type { AccountEvent, AccountKind } from './account.events';

export interface PendingReset {
  resetId: string;
  expiresAt: string;
}

export type AccountState =
  | { status: 'NONE' }
  | {
      status: 'REGISTERED';
      accountId: string;
      businessId: string;
      kind: AccountKind;
      role: Role;
      name: string;
      email: string;
      passwordHash: string;
      /** Only the latest reset link works; using it or a newer request voids it (R-ACC-2). */
      pendingReset: PendingReset | null;
      agents: string[];
    };

export const initialAccountState: AccountState = { status: 'NONE' };

export function decideAccount(command: AccountCommand, state: AccountState): Decision<AccountEvent> {
  if (command.type === 'RegisterAccount') {
    if (state.status !== 'NONE') {
      return refuse('R-ACC-1', `Business number ${command.businessId} already has an account`, 'CONFLICT', 'businessId');
    }
    const { type: _, at, ...account } = command;
    return [{ type: 'AccountRegistered', data: { ...account, registeredAt: at } }];
  }
  if (state.status === 'NONE') return refuse('R-ACC-1', 'No such account', 'NOT_FOUND');

  switch (command.type) {
    case 'RequestPasswordReset':
      return [
        {
          type: 'PasswordResetRequested',
          data: { resetId: command.resetId, requestedAt: command.at, expiresAt: command.expiresAt },
        },
      ];

    case 'ResetPassword': {
      const pending = state.pendingReset;
      if (!pending || pending.resetId !== command.resetId) {
        return refuse('R-ACC-2', 'This reset link is not valid or was already used', 'RULE', 'token');
      }
      if (command.at >= pending.expiresAt) {
        return refuse('R-ACC-2', 'This reset link has expired; ask for a new one', 'RULE', 'token');
      }
      return [
        {
          type: 'PasswordChanged',
          data: { passwordHash: command.passwordHash, resetId: command.resetId, changedAt: command.at },
        },
      ];
    }

    case 'AuthorizeAgent': {
      // Any registered company or person may act as an agent (a customs broker registers like anyone).
      if (!isSelfRegistered(state.role)) return refuse('R-ACC-4', 'Only an applicant authorises agents', 'FORBIDDEN');
      if (command.agentBusinessId === state.businessId) {
        return refuse('R-ACC-4', 'An applicant acts for itself: it does not authorise itself', 'RULE', 'agentBusinessId');
      }
      if (command.agentRole === null || !isSelfRegistered(command.agentRole)) {
        return refuse('R-ACC-4', `${command.agentBusinessId} is not a registered company or person`, 'RULE', 'agentBusinessId');
      }
      if (state.agents.includes(command.agentBusinessId)) return [];
      return [{ type: 'AgentAuthorized', data: { agentBusinessId: command.agentBusinessId, authorizedAt: command.at } }];
    }

    case 'RevokeAgentAuthorization':
      if (!state.agents.includes(command.agentBusinessId)) {
        return refuse('R-ACC-4', `${command.agentBusinessId} is not authorised`, 'NOT_FOUND', 'agentBusinessId');
      }
      return [
        {
          type: 'AgentAuthorizationRevoked',
          data: { agentBusinessId: command.agentBusinessId, revokedAt: command.at },
        },
      ];
    default:
      return assertNever(command, 'account command');
  }
}

function isSelfRegistered(role: Role): boolean {
  return (SELF_REGISTERED_ROLES as readonly Role[]).includes(role);
}

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountRegistered': {
      const { registeredAt: _, ...account } = event.data;
      return { status: 'REGISTERED', ...account, pendingReset: null, agents: [] };
    }
  }
  if (state.status === 'NONE') return state;
  switch (event.type) {
    case 'PasswordResetRequested':
      return { ...state, pendingReset: { resetId: event.data.resetId, expiresAt: event.data.expiresAt } };
    case 'PasswordChanged':
      return { ...state, passwordHash: event.data.passwordHash, pendingReset: null };
    case 'AgentAuthorized':
      return { ...state, agents: [...state.agents, event.data.agentBusinessId] };
    case 'AgentAuthorizationRevoked':
      return { ...state, agents: state.agents.filter((agent) => agent !== event.data.agentBusinessId) };
    default:
      return assertNever(event, 'account event');
  }
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: initialAccountState,
  decide: decideAccount,
  evolve: evolveAccount,
};


