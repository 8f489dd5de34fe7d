import type { Clock } from '@shtc/platform';
import type { ReadStore } from '@shtc/read-store';
import type { Mailer } from './mail.port';
import { OUTBOX, ensureOutbox, errorText, sentMessage, type OutboxMessage } from './outbox';

export type ResendOutcome =
  | { id: string; to: string; outcome: 'SENT' }
  | { id: string; to: string; outcome: 'FAILED'; error: string }
  | { id: string; outcome: 'NOT_A_DEAD_LETTER' };

/**
 * The outbox's dead letters: mail the sender gave up on after its retries. An operator lists them
 * and, once the cause is mended (a mail server back up, an address corrected), resends them. A
 * resend is one attempt now, through this process's mailer, so the operator sees at once whether
 * it went; the sender never touches a dead letter, so the two never send the same message at once.
 * Only ReadStore operations: it works the same over SQLite and MongoDB.
 */
export class DeadLetters {
  constructor(
    private readonly store: ReadStore,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  /** Every dead letter, oldest first. */
  async list(): Promise<OutboxMessage[]> {
    // A data directory where nothing was ever mailed has no outbox yet.
    await ensureOutbox(this.store);
    const letters: OutboxMessage[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: OutboxMessage[]; nextCursor: string | null } = await this.store.find<OutboxMessage>(
        OUTBOX,
        { status: 'DEAD_LETTER' },
        { sort: [['createdAt', 'asc']], limit: 500, cursor },
      );
      letters.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return letters;
  }

  /**
   * Sends the dead letters named (every one when `ids` is empty) once more, under their first
   * Message-ID, so a receiver that got an earlier attempt after all can drop the repeat. A message
   * that fails again stays a dead letter, its attempts and last error updated.
   */
  async resend(ids: string[] = []): Promise<ResendOutcome[]> {
    const letters = ids.length === 0 ? await this.list() : await this.named(ids);
    const outcomes: ResendOutcome[] = [];
    for (const letter of letters) {
      if (typeof letter === 'string') {
        outcomes.push({ id: letter, outcome: 'NOT_A_DEAD_LETTER' });
        continue;
      }
      try {
        await this.mailer.send({ messageId: letter.id, to: letter.to, subject: letter.subject, text: letter.text ?? '' });
        await this.store.put(OUTBOX, sentMessage(letter, this.clock.now()));
        outcomes.push({ id: letter.id, to: letter.to, outcome: 'SENT' });
      } catch (error) {
        await this.store.put(OUTBOX, { ...letter, attempts: letter.attempts + 1, lastError: errorText(error) } satisfies OutboxMessage);
        outcomes.push({ id: letter.id, to: letter.to, outcome: 'FAILED', error: errorText(error) });
      }
    }
    return outcomes;
  }

  /** Each id's dead letter, or the id itself where there is none (unknown, pending or sent). */
  private async named(ids: string[]): Promise<Array<OutboxMessage | string>> {
    await ensureOutbox(this.store);
    return Promise.all(
      [...new Set(ids)].map(async (id) => {
        const message = await this.store.get<OutboxMessage>(OUTBOX, id);
        return message?.status === 'DEAD_LETTER' ? message : id;
      }),
    );
  }
}
