import { accountCodec, type AccountEvent } from '@shtc/domain';
import { singleStreamProjection, type Document } from '@shtc/read-store';

export const ACCOUNTS_PROJECTION = 'accounts';
export const ACCOUNTS = 'accounts';

/** One document per account: who it is and whom it lets act for it (R-ACC-4). Never its password hash. */
export interface AccountDocument extends Document {
  accountId: string;
  businessId: string;
  kind: string;
  role: string;
  name: string;
  email: string;
  /** Accounts this applicant authorised as its agents. */
  agents: string[];
  registeredAt: string;
  updatedAt: string;
}

export const accountsProjection = singleStreamProjection<AccountEvent, AccountDocument>({
  name: ACCOUNTS_PROJECTION,
  version: 2,
  collection: { name: ACCOUNTS, indexes: [{ fields: [['role', 'asc'], ['businessId', 'asc']] }] },
  codec: accountCodec,
  evolve(account, event, { occurredAt }) {
    switch (event.type) {
      case 'AccountRegistered': {
        const { passwordHash: _, ...registered } = event.data;
        return { id: registered.businessId, ...registered, agents: [], updatedAt: registered.registeredAt };
      }
      case 'AgentAuthorized':
        return account && { ...account, agents: [...account.agents.filter((a) => a !== event.data.agentBusinessId), event.data.agentBusinessId], updatedAt: occurredAt };
      case 'AgentAuthorizationRevoked':
        return account && { ...account, agents: account.agents.filter((a) => a !== event.data.agentBusinessId), updatedAt: occurredAt };
      default:
        return account;
    }
  },
});
