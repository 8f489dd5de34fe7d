import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@shtc/platform';
import { READ_STORE, type Document, type ReadStore } from '@shtc/read-store';

export const LOGIN_FAILURES = 'login_failures';
const WINDOW_MS = 15 * 60 * 1000;
/** Failed logins allowed per window: per account (guessing one password) and per address (spraying many). */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

interface FailureCount extends Document {
  count: number;
  windowStartedAt: string;
}

/**
 * Rate-limits failed logins per account and per client address, in the read store so that
 * every API process and a restart see the same counts.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Seconds to wait before trying again, or 0 when a login may be tried now. */
  async retryAfter(businessId: string, address: string): Promise<number> {
    const [account, client] = await Promise.all([
      this.current(key('account', businessId)),
      this.current(key('address', address)),
    ]);
    const blocked = [
      account && account.count >= MAX_FAILURES_PER_ACCOUNT ? account : null,
      client && client.count >= MAX_FAILURES_PER_ADDRESS ? client : null,
    ].filter((c): c is FailureCount => c !== null);
    if (blocked.length === 0) return 0;
    const until = Math.max(...blocked.map((c) => Date.parse(c.windowStartedAt) + WINDOW_MS));
    return Math.max(1, Math.ceil((until - this.clock.now().getTime()) / 1000));
  }

  async recordFailure(businessId: string, address: string): Promise<void> {
    await Promise.all([this.increment(key('account', businessId)), this.increment(key('address', address))]);
  }

  async recordSuccess(businessId: string): Promise<void> {
    await this.store.delete(LOGIN_FAILURES, key('account', businessId));
  }

  private async current(id: string): Promise<FailureCount | null> {
    const count = await this.store.get<FailureCount>(LOGIN_FAILURES, id);
    if (!count || this.clock.now().getTime() - Date.parse(count.windowStartedAt) >= WINDOW_MS) return null;
    return count;
  }

  private async increment(id: string): Promise<void> {
    const count = await this.current(id);
    await this.store.put(
      LOGIN_FAILURES,
      count
        ? { ...count, count: count.count + 1 }
        : ({ id, count: 1, windowStartedAt: this.clock.now().toISOString() } satisfies FailureCount),
    );
  }
}

function key(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
}
