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
  status: 'PENDING' | 'SENT' | 'FAILED';
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
}

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
  };
}

export interface OutboxSenderOptions {
  pollIntervalMs?: number;
  maxAttempts?: number;
  onError?: (message: string, error: unknown) => void;
}

/**
 * Sends what the outbox holds (architecture.md item 10). A message is marked SENT only after
 * the mailer accepted it; a crash in between sends it again with the same Message-ID (and the
 * .eml adapter writes it once), so nothing is lost and receivers can drop the repeat.
 * Failures retry with exponential backoff, up to `maxAttempts`. Run one sender per deployment.
 */
export class OutboxSender extends PollingWorker {
  private readonly maxAttempts: number;

  constructor(
    private readonly store: ReadStore,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly options: OutboxSenderOptions = {},
  ) {
    super(options.pollIntervalMs ?? 500, (error) => options.onError?.('Outbox drain failed', error));
    this.maxAttempts = options.maxAttempts ?? 8;
  }

  protected override async prepare(): Promise<void> {
    const { shared: _, ...spec } = OUTBOX_COLLECTION;
    await this.store.ensureCollection(spec);
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
      for (const message of items) {
        try {
          await this.mailer.send({ messageId: message.id, to: message.to, subject: message.subject, text: message.text ?? '' });
          await this.store.put(OUTBOX, {
            ...message,
            status: 'SENT',
            attempts: message.attempts + 1,
            sentAt: this.clock.now().toISOString(),
            text: message.sensitive ? null : message.text,
            lastError: null,
          } satisfies OutboxMessage);
          sent++;
        } catch (error) {
          const attempts = message.attempts + 1;
          const backoffMs = Math.min(2 ** attempts * 1000, 3_600_000);
          await this.store.put(OUTBOX, {
            ...message,
            attempts,
            status: attempts >= this.maxAttempts ? 'FAILED' : 'PENDING',
            nextAttemptAt: new Date(this.clock.now().getTime() + backoffMs).toISOString(),
            lastError: error instanceof Error ? error.message : String(error),
          } satisfies OutboxMessage);
          this.options.onError?.(`Mail ${message.id} to ${message.to} failed (attempt ${attempts})`, error);
        }
      }
    }
  }
}
