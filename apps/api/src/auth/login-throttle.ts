import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '@shtc/platform';
import { READ_STORE, type Document, type ReadStore } from '@shtc/read-store';

export const LOGIN_FAILURES = 'login_failures';
const WINDOW_MS = 15 * 60 * 1000;
/** Failed logins allowed per window: per account (guessing one password) and per address (spraying many). */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
/** An attempt whose password is still being checked holds its slot this long at most (its process may have died). */
const PENDING_MS = 30_000;
/**
 * How long an attempt waits for a slot that attempts in flight hold, before it is refused. Their
 * passwords are checked one after another (scrypt has a thread of its own), so the last of 64
 * people signing in at once behind one address waits behind the others' checks, many seconds
 * on a loaded machine.
 */
const WAIT_FOR_SLOT_MS = PENDING_MS;

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
  /** Its password is being checked since then (this machine's time, not the clock's): it has not failed yet. */
  checkingSince?: number;
}

/** The slots a login attempt took; a failure keeps them, a success gives them back. */
export interface LoginAttempt {
  accountKey: string;
  accountSlot: string;
  addressSlot: string;
}

type Taken = { slot: string } | { retryAfter: number } | { busy: true };

/**
 * Rate-limits failed logins per account and per client address, in the read store so that
 * every API process and a restart see the same counts. Counting is atomic: an attempt takes a
 * slot of the limit before its password is checked (scrypt takes a while), so simultaneous
 * wrong passwords are tried at most the limit times, never once each. At most MAX_FAILURES_PER_…
 * attempts fail in any 15 minutes: a window's slots are the limit less the failures of the
 * previous window that are less than 15 minutes old. A slot is held while its password is
 * checked and given back on success, so an attempt that finds every slot held by attempts in
 * flight waits for one, rather than being refused: forty colleagues signing in at nine behind
 * one office address are not a failure among them.
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
    const deadline = Date.now() + WAIT_FOR_SLOT_MS;
    const accountKey = key('account', businessId);
    const account = await this.takeWaiting(accountKey, MAX_FAILURES_PER_ACCOUNT, deadline);
    if ('retryAfter' in account) return account;
    const client = await this.takeWaiting(key('address', address), MAX_FAILURES_PER_ADDRESS, deadline);
    if ('retryAfter' in client) {
      await this.store.delete(LOGIN_FAILURES, account.slot);
      return client;
    }
    return { attempt: { accountKey, accountSlot: account.slot, addressSlot: client.slot } };
  }

  /** A failed attempt keeps its slots, now counted as failures. */
  async failed(attempt: LoginAttempt): Promise<void> {
    for (const id of [attempt.accountSlot, attempt.addressSlot]) {
      const slot = await this.store.get<AttemptSlot>(LOGIN_FAILURES, id);
      if (!slot) continue;
      const { checkingSince: _, ...failure } = slot;
      await this.store.put(LOGIN_FAILURES, failure);
    }
  }

  /** A success clears the account's failures and gives back the address's slot. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    for (const slot of await this.slotsOf(attempt.accountKey)) if (typeof slot.checkingSince !== 'number' || slot.id === attempt.accountSlot) await this.store.delete(LOGIN_FAILURES, slot.id);
    await this.store.delete(LOGIN_FAILURES, attempt.addressSlot);
  }

  /** A slot, waiting while attempts in flight hold every one (until the deadline, then 429 for a second). */
  private async takeWaiting(key: string, limit: number, deadline: number): Promise<{ slot: string } | { retryAfter: number }> {
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      const taken = await this.take(key, limit);
      if (!('busy' in taken)) return taken;
      if (Date.now() >= deadline) return { retryAfter: 1 };
      // Spread out, so that a crowd of waiters does not read the slots in step.
      await sleep(pause / 2 + Math.random() * pause);
    }
  }

  private async take(key: string, limit: number): Promise<Taken> {
    const now = this.clock.now().getTime();
    const window = Math.floor(now / WINDOW_MS);
    const live: AttemptSlot[] = [];
    for (const slot of await this.slotsOf(key)) {
      if (Date.parse(slot.at) > now - WINDOW_MS) live.push(slot);
      else await this.store.delete(LOGIN_FAILURES, slot.id); // past its 15 minutes: forgotten
    }
    const earlier = live.filter((slot) => slot.window < window).length;
    const taken = new Set(live.map((slot) => slot.id));
    let raced = false;
    for (let n = 1; n <= limit - earlier; n++) {
      const id = `${key}:${window}:${n}`;
      if (taken.has(id)) continue;
      if (await this.store.insertIfAbsent(LOGIN_FAILURES, { id, key, window, at: new Date(now).toISOString(), checkingSince: Date.now() } satisfies AttemptSlot)) return { slot: id };
      raced = true; // taken since the slots were read: they are read again
    }
    // Held by attempts still being checked (or taken by some just now): one of them may give its slot back.
    const inFlight = live.some((slot) => typeof slot.checkingSince === 'number' && slot.checkingSince > Date.now() - PENDING_MS);
    if (raced || inFlight) return { busy: true };
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
