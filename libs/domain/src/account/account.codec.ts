import { eventCodec } from '../shared/codec';
import type { AccountEvent } from './account.events';

/** The storage format of `account-<businessId>` streams: every event type is still at its first version. */
export const accountCodec = eventCodec<AccountEvent>({
  category: 'account',
  versions: { AccountRegistered: 1, PasswordResetRequested: 1, PasswordChanged: 1, AgentAuthorized: 1, AgentAuthorizationRevoked: 1 },
});
