import type { AccountEvent } from '@shtc/domain';
import type { Document, Projection, ProjectionHandler } from '@shtc/read-store';

export const ACCOUNTS_PROJECTION = 'accounts';

/** One document per account: who it is and whom it represents or is represented by (R-ACC-4). */
export interface AccountDocument extends Document {
  accountId: string;
  businessId: string;
  kind: string;
  role: string;
  name: string;
  email: string;
  /** Agents this applicant authorised. */
  agents: string[];
  registeredAt: string;
  updatedAt: string;
}

type Data<T extends AccountEvent['type']> = Extract<AccountEvent, { type: T }>['data'];
const businessIdOf = (stream: string) => stream.slice('account-'.length);

const update =
  <T extends AccountEvent['type']>(change: (doc: AccountDocument, data: Data<T>) => AccountDocument): ProjectionHandler =>
  async (event, context) => {
    const doc = await context.get<AccountDocument>('accounts', businessIdOf(event.stream));
    if (doc) context.put('accounts', { ...change(doc, event.data as Data<T>), updatedAt: event.metadata.occurredAt });
  };

export const accountsProjection: Projection = {
  name: ACCOUNTS_PROJECTION,
  version: 1,
  collections: [{ name: 'accounts', indexes: [{ fields: [['role', 'asc'], ['businessId', 'asc']] }] }],
  handlers: {
    AccountRegistered: (event, context) => {
      const { passwordHash: _, ...account } = event.data as Data<'AccountRegistered'>;
      context.put('accounts', { id: account.businessId, ...account, agents: [], updatedAt: account.registeredAt });
    },
    AgentAuthorized: update<'AgentAuthorized'>((doc, data) => ({
      ...doc,
      agents: doc.agents.includes(data.agentBusinessId) ? doc.agents : [...doc.agents, data.agentBusinessId],
    })),
    AgentAuthorizationRevoked: update<'AgentAuthorizationRevoked'>((doc, data) => ({
      ...doc,
      agents: doc.agents.filter((agent) => agent !== data.agentBusinessId),
    })),
  },
};
