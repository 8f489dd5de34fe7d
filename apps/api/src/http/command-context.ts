import type { CommandContext } from '@shtc/commands';
import type { Clock } from '@shtc/platform';
import type { SignedIn } from '../auth/sessions';

/** The metadata of the events a request appends: its account, now, and the request id. */
export function commandContext(account: SignedIn, clock: Clock, requestId: string): CommandContext {
  return {
    actor: { accountId: account.accountId, role: account.role, businessId: account.businessId },
    now: clock.now(),
    correlationId: requestId,
  };
}
