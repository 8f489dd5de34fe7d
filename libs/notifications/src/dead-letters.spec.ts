import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@shtc/platform';
import { SqliteReadStore } from '@shtc/read-store';
import { DeadLetters } from './dead-letters';
import type { MailMessage, Mailer } from './mail.port';
import { OUTBOX, OutboxSender, pendingMessage, type OutboxMessage } from './outbox';

describe('DeadLetters', () => {
  let store: SqliteReadStore;
  let clock: ManualClock;
  let refusing: boolean;
  const sent: MailMessage[] = [];
  const mailer: Mailer = {
    send: async (message) => {
      if (refusing) throw new Error('550 mailbox unavailable');
      sent.push(message);
    },
    close: async () => undefined,
  };

  beforeEach(() => {
    store = new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'dead-letters-')), 'read.sqlite'));
    clock = new ManualClock('2026-11-25T01:00:00.000Z');
    refusing = true;
    sent.length = 0;
  });
  afterEach(() => store.close());

  const message = (id: string) => store.get<OutboxMessage>(OUTBOX, id);

  /** Queues messages and lets the sender fail each twice: with maxAttempts 2 they are dead letters. */
  async function deadLettersOf(...ids: string[]): Promise<void> {
    const sender = new OutboxSender(store, mailer, clock, { maxAttempts: 2 });
    for (const id of ids) {
      await store.put(OUTBOX, pendingMessage({ id, to: `${id}@formosa.example`, subject: `Case ${id}`, text: `body ${id}` }, clock.now().toISOString()));
      clock.advance(1000);
    }
    await sender.drain();
    clock.advance(60_000);
    await sender.drain();
  }

  it('lists no dead letters where nothing was ever mailed', async () => {
    expect(await new DeadLetters(store, mailer, clock).list()).toEqual([]);
  });

  it('lists the messages the sender gave up on, oldest first, and not those still pending or sent', async () => {
    await deadLettersOf('m1', 'm2');
    refusing = false;
    await store.put(OUTBOX, pendingMessage({ id: 'm3', to: 'x@formosa.example', subject: 'later', text: 'later' }, clock.now().toISOString()));
    const letters = await new DeadLetters(store, mailer, clock).list();
    expect(letters.map((m) => [m.id, m.to, m.status, m.attempts, m.lastError])).toEqual([
      ['m1', 'm1@formosa.example', 'DEAD_LETTER', 2, '550 mailbox unavailable'],
      ['m2', 'm2@formosa.example', 'DEAD_LETTER', 2, '550 mailbox unavailable'],
    ]);
  });

  it('resends every dead letter under its first Message-ID and marks it sent', async () => {
    await deadLettersOf('m1', 'm2');
    refusing = false;
    const outcomes = await new DeadLetters(store, mailer, clock).resend();
    expect(outcomes).toEqual([
      { id: 'm1', to: 'm1@formosa.example', outcome: 'SENT' },
      { id: 'm2', to: 'm2@formosa.example', outcome: 'SENT' },
    ]);
    expect(sent.map((m) => [m.messageId, m.to, m.text])).toEqual([
      ['m1', 'm1@formosa.example', 'body m1'],
      ['m2', 'm2@formosa.example', 'body m2'],
    ]);
    expect(await message('m1')).toMatchObject({ status: 'SENT', attempts: 3, sentAt: clock.now().toISOString(), deadLetteredAt: null });
    expect(await new DeadLetters(store, mailer, clock).list()).toEqual([]);
  });

  it('resends only the dead letters named, and says which ids are none', async () => {
    await deadLettersOf('m1', 'm2');
    refusing = false;
    const outcomes = await new DeadLetters(store, mailer, clock).resend(['m2', 'nope']);
    expect(outcomes).toEqual([
      { id: 'm2', to: 'm2@formosa.example', outcome: 'SENT' },
      { id: 'nope', outcome: 'NOT_A_DEAD_LETTER' },
    ]);
    expect(sent.map((m) => m.messageId)).toEqual(['m2']);
    expect((await message('m1'))!.status).toBe('DEAD_LETTER');
  });

  it('keeps a message that fails again a dead letter, with the new error, and the sender still leaves it alone', async () => {
    await deadLettersOf('m1');
    const outcomes = await new DeadLetters(store, mailer, clock).resend();
    expect(outcomes).toEqual([{ id: 'm1', to: 'm1@formosa.example', outcome: 'FAILED', error: '550 mailbox unavailable' }]);
    expect(await message('m1')).toMatchObject({ status: 'DEAD_LETTER', attempts: 3 });
    refusing = false;
    clock.advance(24 * 3_600_000);
    await new OutboxSender(store, mailer, clock).drain();
    expect(sent).toEqual([]);
  });
});
