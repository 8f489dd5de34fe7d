import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '@shtc/platform';
import { READ_STORE, type Document, type ReadStore } from '@shtc/read-store';
import type { Role } from '@shtc/domain';

/** R-ACC-3: a session that has not acted for 20 minutes is ended. */
export const SESSION_IDLE_MS = 20 * 60 * 1000;
/** Sliding the expiry costs a write; within this much of the last slide, skip it. */
const TOUCH_GRANULARITY_MS = 15 * 1000;
export const SESSIONS = 'sessions';

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

/**
 * Opaque server-side sessions: the client holds a random token, the store holds only its
 * sha256, so a leaked read store does not leak sessions. Sessions survive a restart.
 */
@Injectable()
export class Sessions implements OnModuleInit {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

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
    const id = digest(token);
    const session = await this.store.get<SessionDocument>(SESSIONS, id);
    if (!session) return null;
    const now = this.clock.now();
    const idle = now.getTime() - Date.parse(session.lastSeenAt);
    if (idle >= SESSION_IDLE_MS) {
      await this.store.delete(SESSIONS, id);
      return null;
    }
    if (idle >= TOUCH_GRANULARITY_MS) await this.store.put(SESSIONS, { ...session, lastSeenAt: now.toISOString() });
    const { accountId, businessId, role, name } = session;
    return { accountId, businessId, role, name };
  }

  async close(token: string): Promise<void> {
    await this.store.delete(SESSIONS, digest(token));
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
