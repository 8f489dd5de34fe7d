import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { CLOCK, storageFailure, type AppConfig, type Clock } from '@shtc/platform';
import { READ_STORE, type Document, type ReadStore } from '@shtc/read-store';
import type { Role } from '@shtc/domain';

/** R-ACC-3: a session that has not acted for 20 minutes is ended. */
export const SESSION_IDLE_MS = 20 * 60 * 1000;
/** Sliding the expiry costs a write; within this much of the last written slide, skip it. */
const TOUCH_GRANULARITY_MS = 15 * 1000;
export const SESSIONS = 'sessions';

/** DI token for `SessionsOptions` (tests); without it, the defaults below. */
export const SESSIONS_OPTIONS = Symbol('SESSIONS_OPTIONS');

export interface SessionsOptions {
  /**
   * How long a session read from the store is trusted before it is read again (default 0: read
   * on every request). This process forgets a session it ends at once; this bounds how long it
   * may still accept one that another API process ended (logout, password reset).
   */
  recheckAfterMs?: number;
  /** Sessions remembered at most; the least recently used is forgotten first. */
  maxRemembered?: number;
  /** Milliseconds of a monotonic clock (real time, not the business clock): `performance.now`. */
  monotonicMs?: () => number;
}

/**
 * Embedded (SQLite), one API process serves a data directory (it also runs the projections and
 * the outbox), so no other process ends its sessions: it may trust what it read for a second.
 * With MongoDB several API processes may share the sessions, and a logout in one must hold in
 * all at once: each reads the store on every request.
 */
export function sessionsOptionsFor(config: Pick<AppConfig, 'READ_STORE'>): SessionsOptions {
  return { recheckAfterMs: config.READ_STORE === 'sqlite' ? 1000 : 0 };
}

export interface SignedIn {
  accountId: string;
  businessId: string;
  role: Role;
  name: string;
}

interface SessionDocument extends Document, SignedIn {
  createdAt: string;
  lastSeenAt: string;
}

interface Remembered {
  document: SessionDocument;
  signedIn: SignedIn;
  /** The session's last act seen by this process (business clock, ms). */
  lastSeenMs: number;
  /** `lastSeenAt` as the store holds it (ms). */
  storedSeenMs: number;
  /** When it was last read from the store (monotonic ms). */
  readAtMs: number;
}

/**
 * Opaque server-side sessions: the client holds a random token, the store holds only its
 * sha256, so a leaked read store does not leak sessions. Sessions survive a restart.
 *
 * The store is the source of truth. Every request resumes a session, so sessions read from it
 * are remembered by token for `recheckAfterMs` (sessionsOptionsFor: reading and parsing the row,
 * and hashing the token, was about 6 % of the event loop's time per request in bench:http).
 * Ending a session here forgets it before it is deleted, and a read that raced with an ending is
 * not remembered, so a logout takes effect at once in this process.
 */
@Injectable()
export class Sessions implements OnModuleInit {
  private readonly recheckAfterMs: number;
  private readonly maxRemembered: number;
  private readonly monotonicMs: () => number;
  /** By token, in order of last use. */
  private readonly remembered = new Map<string, Remembered>();
  /** Counts endings, so a read that an ending overtook is not remembered. */
  private endings = 0;
  /** Sessions whose slide is being written, and whether one was ended meanwhile. */
  private readonly sliding = new Map<string, { accountId: string; ended: boolean }>();

  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(SESSIONS_OPTIONS) options: SessionsOptions | null = null,
  ) {
    this.recheckAfterMs = options?.recheckAfterMs ?? 0;
    this.maxRemembered = options?.maxRemembered ?? 10_000;
    this.monotonicMs = options?.monotonicMs ?? (() => performance.now());
  }

  async onModuleInit(): Promise<void> {
    // A password reset ends every session of the account: find them by account.
    await this.store.ensureCollection({ name: SESSIONS, indexes: [{ fields: [['accountId', 'asc']] }] });
  }

  async open(account: SignedIn): Promise<{ token: string; expiresInSeconds: number }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now().toISOString();
    await this.store.put(SESSIONS, { id: digest(token), ...account, createdAt: now, lastSeenAt: now } satisfies SessionDocument);
    return { token, expiresInSeconds: SESSION_IDLE_MS / 1000 };
  }

  /** The session's account, sliding its expiry; null when unknown, ended or idle too long. */
  async resume(token: string): Promise<SignedIn | null> {
    let session: Remembered | null | undefined = this.remembered.get(token);
    if (session && this.monotonicMs() - session.readAtMs >= this.recheckAfterMs) session = undefined;
    if (session) {
      // Least recently used first: move it to the end.
      this.remembered.delete(token);
      this.remembered.set(token, session);
    } else {
      session = await this.read(token);
      if (!session) return null;
    }
    const now = this.clock.now().getTime();
    if (now - session.lastSeenMs >= SESSION_IDLE_MS) {
      await this.end(token);
      return null;
    }
    session.lastSeenMs = Math.max(session.lastSeenMs, now);
    if (now - session.storedSeenMs >= TOUCH_GRANULARITY_MS && !this.sliding.has(token)) {
      const document = { ...session.document, lastSeenAt: new Date(now).toISOString() };
      const slide = { accountId: session.signedIn.accountId, ended: false };
      this.sliding.set(token, slide);
      let slid = true;
      try {
        await this.store.put(SESSIONS, document);
      } catch (error) {
        // The disk is full or read-only: the request goes on (reads are served meanwhile), and a
        // later one writes the slide; this process remembers the act until then.
        if (!storageFailure(error)) throw error;
        slid = false;
      } finally {
        this.sliding.delete(token);
      }
      // The put is an upsert: a logout that came meanwhile must not be undone by it.
      if (slide.ended) {
        if (slid) await this.store.delete(SESSIONS, digest(token));
        return null;
      }
      if (slid) {
        session.document = document;
        session.storedSeenMs = Math.max(session.storedSeenMs, now);
      }
    }
    return session.signedIn;
  }

  /** Ends the session of this token. */
  async close(token: string): Promise<void> {
    await this.end(token);
  }

  /** Ends every session of an account (a password reset). */
  async closeAll(accountId: string): Promise<void> {
    this.endings++;
    for (const [token, session] of this.remembered) if (session.signedIn.accountId === accountId) this.remembered.delete(token);
    for (const slide of this.sliding.values()) if (slide.accountId === accountId) slide.ended = true;
    for (;;) {
      const { items } = await this.store.find(SESSIONS, { accountId }, { limit: 500 });
      if (items.length === 0) break;
      for (const session of items) await this.store.delete(SESSIONS, session.id);
    }
  }

  private async end(token: string): Promise<void> {
    this.endings++;
    this.remembered.delete(token);
    const slide = this.sliding.get(token);
    if (slide) slide.ended = true;
    await this.store.delete(SESSIONS, digest(token));
  }

  /** Reads the session from the store, and remembers it unless a session ended meanwhile. */
  private async read(token: string): Promise<Remembered | null> {
    const endings = this.endings;
    const readAtMs = this.monotonicMs();
    const document = await this.store.get<SessionDocument>(SESSIONS, digest(token));
    const known = this.remembered.get(token);
    this.remembered.delete(token);
    if (!document) return null;
    const storedSeenMs = Date.parse(document.lastSeenAt);
    const { accountId, businessId, role, name } = document;
    const session: Remembered = {
      document,
      signedIn: Object.freeze({ accountId, businessId, role, name }),
      // What this process saw but had not yet written still counts as an act.
      lastSeenMs: Math.max(storedSeenMs, known?.lastSeenMs ?? 0),
      storedSeenMs,
      readAtMs,
    };
    if (this.endings === endings) {
      this.remembered.set(token, session);
      if (this.remembered.size > this.maxRemembered) this.remembered.delete(this.remembered.keys().next().value!);
    }
    return session;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
