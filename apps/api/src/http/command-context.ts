import type { CommandContext } from '@shtc/commands';
import type { Clock } from '@shtc/platform';
import type { SignedIn } from '../auth/sessions';
import { resumedCorrelationId } from './idempotency.interceptor';

/** The metadata of the events a request appends: its account, now, and its correlation. */
export function commandContext(account: SignedIn, clock: Clock, request: { id: string }): CommandContext {
  return {
    actor: { accountId: account.accountId, role: account.role, businessId: account.businessId },
    now: clock.now(),
    ...correlationOf(request),
  };
}

/**
 * The request id; or, for a retry that took over the Idempotency-Key claim of an attempt a crash
 * cut short, that attempt's id, which its events carry, so the command path finds what it did.
 */
export function correlationOf(request: { id: string }): Pick<CommandContext, 'correlationId' | 'resumes'> {
  const resumed = resumedCorrelationId(request);
  return resumed ? { correlationId: resumed, resumes: true } : { correlationId: request.id };
}
