import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '@shtc/platform';
import { READ_STORE, type Document, type ReadStore } from '@shtc/read-store';

export const LOGIN_FAILURES = 'login_failures';
const WINDOW_MS = 15 * 60 * 1000;
/** Failed logins allowed per window: per account (guessing one password) and per address (spraying many). */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

/**
 * One login attempt counted against an account or an address: taken before the password is
 * checked, kept when it fails. Its id names the slot of the limit it holds in its 15-minute
 * window (`account:<hash>:<window>:<n>`, n from 1 to the limit), so that two attempts can never
 * take the same slot: the store's insert-if-absent decides, in every API process at once.
 */
interface AttemptSlot extends Document {
  key: string;
  window: number;
  at: string;
}

/** The slots a login attempt took; a success gives them back. */
export interface LoginAttempt {
  accountKey: string;
  addressSlot: string;
}

/**
 * Rate-limits failed logins per account and per client address, in the read store so that
 * every API process and a restart see the same counts. Counting is atomic: an attempt takes a
 * slot of the limit before its password is checked (scrypt takes a while), so simultaneous
 * wrong passwords are tried at most the limit times, never once each. At most MAX_FAILURES_PER_…
 * attempts fail in any 15 minutes: a window's slots are the limit less the failures of the
 * previous window that are less than 15 minutes old.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureCollection({ name: LOGIN_FAILURES, indexes: [{ fields: [['key', 'asc']] }] });
  }

  /** Takes this attempt out of the account's and the address's allowance, or says how many seconds to wait. */
  async begin(businessId: string, address: string): Promise<{ attempt: LoginAttempt } | { retryAfter: number }> {
    const accountKey = key('account', businessId);
    const account = await this.take(accountKey, MAX_FAILURES_PER_ACCOUNT);
    if ('retryAfter' in account) return account;
    const client = await this.take(key('address', address), MAX_FAILURES_PER_ADDRESS);
    if ('retryAfter' in client) {
      await this.store.delete(LOGIN_FAILURES, account.slot);
      return client;
    }
    return { attempt: { accountKey, addressSlot: client.slot } };
  }

  /** A failed attempt keeps its slots: they are the failures counted. A success clears the account's and gives back the address's. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    for (const slot of await this.slotsOf(attempt.accountKey)) await this.store.delete(LOGIN_FAILURES, slot.id);
    await this.store.delete(LOGIN_FAILURES, attempt.addressSlot);
  }

  private async take(key: string, limit: number): Promise<{ slot: string } | { retryAfter: number }> {
    const now = this.clock.now().getTime();
    const window = Math.floor(now / WINDOW_MS);
    const live: AttemptSlot[] = [];
    for (const slot of await this.slotsOf(key)) {
      if (Date.parse(slot.at) > now - WINDOW_MS) live.push(slot);
      else await this.store.delete(LOGIN_FAILURES, slot.id); // past its 15 minutes: forgotten
    }
    const earlier = live.filter((slot) => slot.window < window).length;
    const taken = new Set(live.map((slot) => slot.id));
    for (let n = 1; n <= limit - earlier; n++) {
      const id = `${key}:${window}:${n}`;
      if (taken.has(id)) continue;
      if (await this.store.insertIfAbsent(LOGIN_FAILURES, { id, key, window, at: new Date(now).toISOString() } satisfies AttemptSlot)) return { slot: id };
    }
    // Full: until enough of the failures counted are 15 minutes old for one more attempt.
    const oldest = live.map((slot) => Date.parse(slot.at)).sort((a, b) => a - b);
    const opens = oldest[Math.max(0, oldest.length - limit)];
    return { retryAfter: Math.max(1, Math.ceil(((opens ?? now) + WINDOW_MS - now) / 1000)) };
  }

  private async slotsOf(key: string): Promise<AttemptSlot[]> {
    return (await this.store.find<AttemptSlot>(LOGIN_FAILURES, { key }, { limit: 500 })).items;
  }
}

function key(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
}
