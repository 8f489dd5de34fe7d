import type { Document, ReadStore } from '@shtc/read-store';
import { PollingWorker, type Clock } from '@shtc/platform';
import type { Mailer } from './mail.port';

/** The outbox collection: fed by projections, emptied by the sender. Shared across rebuilds. */
export const OUTBOX = 'outbox';
export const OUTBOX_COLLECTION = {
  name: OUTBOX,
  shared: true,
  indexes: [{ fields: [['status', 'asc'], ['nextAttemptAt', 'asc']] as Array<[string, 'asc' | 'desc']> }],
};

export interface OutboxMessage extends Document {
  to: string;
  subject: string;
  /** Null once a message holding a secret (a reset link) has been sent. */
  text: string | null;
  sensitive: boolean;
  /**
   * PENDING until the mailer accepts it (SENT). After `maxAttempts` failures it is a DEAD_LETTER:
   * the sender leaves it alone, and an operator lists and resends it (`npm run cli -- mail-dead-letters`).
   */
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
  /** When the sender gave up on it; null while it is not a dead letter. */
  deadLetteredAt: string | null;
}

export type OutboxStatus = 'PENDING' | 'SENT' | 'DEAD_LETTER';

export function pendingMessage(
  message: { id: string; to: string; subject: string; text: string; sensitive?: boolean },
  createdAt: string,
): OutboxMessage {
  return {
    ...message,
    sensitive: message.sensitive ?? false,
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: createdAt,
    createdAt,
    sentAt: null,
    lastError: null,
    deadLetteredAt: null,
  };
}

/** The message once the mailer accepted it: a secret it held (a reset link) is not kept. */
export function sentMessage(message: OutboxMessage, at: Date): OutboxMessage {
  return {
    ...message,
    status: 'SENT',
    attempts: message.attempts + 1,
    sentAt: at.toISOString(),
    text: message.sensitive ? null : message.text,
    lastError: null,
    deadLetteredAt: null,
  };
}

/** Creates the outbox outside the projection runner (which creates it for the projections feeding it). */
export async function ensureOutbox(store: ReadStore): Promise<void> {
  const { shared: _, ...spec } = OUTBOX_COLLECTION;
  await store.ensureCollection(spec);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Messages the sender hands to the mailer at once. One at a time, each SMTP exchange's round
 * trips bounded the outbox at a few mails a second, well below what the commands feeding it
 * write under load. It is also how many messages a crash can leave sent but not marked SENT,
 * to be sent again (with the same Message-ID) after the restart.
 */
export const OUTBOX_CONCURRENCY = 4;

export interface OutboxSenderOptions {
  pollIntervalMs?: number;
  /** Messages in the mailer's hands at once (OUTBOX_CONCURRENCY by default). */
  concurrency?: number;
  maxAttempts?: number;
  onError?: (message: string, error: unknown) => void;
  /** A message given up on after `maxAttempts`: worth an operator's attention, not a warning. */
  onDeadLetter?: (message: OutboxMessage) => void;
}

/**
 * Sends what the outbox holds (architecture.md item 10). A message is marked SENT only after
 * the mailer accepted it; a crash in between sends it again with the same Message-ID (and the
 * .eml adapter writes it once), so nothing is lost and receivers can drop the repeat.
 * Failures retry with exponential backoff (2 s, 4 s, 8 s … at most an hour apart); after
 * `maxAttempts` the message becomes a dead letter, which only an operator's resend (dead-letters.ts)
 * sends again, so a mailbox that refuses it is not retried for ever. Run one sender per deployment.
 */
export class OutboxSender extends PollingWorker {
  private readonly maxAttempts: number;
  private readonly concurrency: number;

  constructor(
    private readonly store: ReadStore,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly options: OutboxSenderOptions = {},
  ) {
    super(options.pollIntervalMs ?? 500, (error) => options.onError?.('Outbox drain failed', error));
    this.maxAttempts = options.maxAttempts ?? 8;
    this.concurrency = Math.max(1, options.concurrency ?? OUTBOX_CONCURRENCY);
  }

  protected override async prepare(): Promise<void> {
    await ensureOutbox(this.store);
  }

  /** Sends every message due now; returns how many were sent. */
  protected async work(): Promise<number> {
    let sent = 0;
    for (;;) {
      const now = this.clock.now().toISOString();
      const { items } = await this.store.find<OutboxMessage>(
        OUTBOX,
        { status: 'PENDING', nextAttemptAt: { $lte: now } },
        { sort: [['nextAttemptAt', 'asc']], limit: 50 },
      );
      if (items.length === 0) return sent;
      // A few senders take the page's messages in turn, each marking its own SENT once accepted.
      const queue = [...items];
      const sender = async () => {
        for (let message = queue.shift(); message; message = queue.shift()) {
          try {
            await this.mailer.send({ messageId: message.id, to: message.to, subject: message.subject, text: message.text ?? '' });
            await this.store.put(OUTBOX, sentMessage(message, this.clock.now()));
            sent++;
          } catch (error) {
            await this.failed(message, error);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, sender));
    }
  }

  private async failed(message: OutboxMessage, error: unknown): Promise<void> {
    const attempts = message.attempts + 1;
    const now = this.clock.now();
    const dead = attempts >= this.maxAttempts;
    const backoffMs = Math.min(2 ** attempts * 1000, 3_600_000);
    const next: OutboxMessage = {
      ...message,
      attempts,
      status: dead ? 'DEAD_LETTER' : 'PENDING',
      nextAttemptAt: new Date(now.getTime() + backoffMs).toISOString(),
      lastError: errorText(error),
      deadLetteredAt: dead ? now.toISOString() : null,
    };
    await this.store.put(OUTBOX, next);
    if (dead) this.options.onDeadLetter?.(next);
    else this.options.onError?.(`Mail ${message.id} to ${message.to} failed (attempt ${attempts} of ${this.maxAttempts})`, error);
  }
}
