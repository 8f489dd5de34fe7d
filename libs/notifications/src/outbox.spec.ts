import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@shtc/platform';
import { SqliteReadStore } from '@shtc/read-store';
import { EmlFileMailer } from './eml/eml-file-mailer';
import type { MailMessage, Mailer } from './mail.port';
import { OUTBOX, OutboxSender, pendingMessage, type OutboxMessage } from './outbox';

describe('OutboxSender', () => {
  let dir: string;
  let store: SqliteReadStore;
  let clock: ManualClock;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    store = new SqliteReadStore(join(dir, 'read.sqlite'));
    clock = new ManualClock('2026-11-25T01:00:00.000Z');
  });
  afterEach(() => store.close());

  const enqueue = (id: string, sensitive = false) =>
    store.put(OUTBOX, pendingMessage({ id, to: 'export@formosa.example', subject: 'Status', text: `body ${id}`, sensitive }, clock.now().toISOString()));
  const message = (id: string) => store.get<OutboxMessage>(OUTBOX, id);

  it('sends each pending message once and marks it sent, dropping the text of a sensitive one', async () => {
    const sent: MailMessage[] = [];
    const sender = new OutboxSender(store, { send: async (m) => void sent.push(m), close: async () => undefined }, clock);
    await enqueue('m1');
    await enqueue('m2', true);
    expect(await sender.drain()).toBe(2);
    expect(await sender.drain()).toBe(0);
    expect(sent.map((m) => m.messageId)).toEqual(['m1', 'm2']);
    expect(await message('m1')).toMatchObject({ status: 'SENT', attempts: 1, text: 'body m1' });
    expect(await message('m2')).toMatchObject({ status: 'SENT', text: null });
  });

  it('retries a failed send with growing delays, then makes it a dead letter it leaves alone', async () => {
    let attempts = 0;
    const failing: Mailer = {
      send: async () => {
        attempts++;
        throw new Error('451 try again later');
      },
      close: async () => undefined,
    };
    const deadLetters: string[] = [];
    const sender = new OutboxSender(store, failing, clock, { maxAttempts: 3, onDeadLetter: (m) => deadLetters.push(m.id) });
    await enqueue('m1');
    await sender.drain();
    const first = await message('m1');
    expect(first).toMatchObject({ status: 'PENDING', attempts: 1, lastError: '451 try again later' });
    await sender.drain(); // not due yet
    expect(attempts).toBe(1);
    clock.set(first!.nextAttemptAt);
    await sender.drain();
    const second = await message('m1');
    expect(Date.parse(second!.nextAttemptAt) - Date.parse(first!.nextAttemptAt)).toBeGreaterThan(
      Date.parse(first!.nextAttemptAt) - Date.parse('2026-11-25T01:00:00.000Z'),
    );
    clock.set(second!.nextAttemptAt);
    await sender.drain();
    expect(await message('m1')).toMatchObject({ status: 'DEAD_LETTER', attempts: 3, deadLetteredAt: second!.nextAttemptAt, lastError: '451 try again later' });
    expect(deadLetters).toEqual(['m1']);

    clock.advance(24 * 3_600_000);
    await sender.drain();
    expect(attempts).toBe(3);
  });

  it('sends again when a sent message could not be marked, under the same Message-ID, writing the .eml once', async () => {
    const mailDir = join(dir, 'mail');
    const mailer = new EmlFileMailer(mailDir);
    await enqueue('m1');
    const put = jest.spyOn(store, 'put').mockRejectedValueOnce(new Error('read store unavailable'));
    const sender = new OutboxSender(store, mailer, clock);
    await sender.drain();
    put.mockRestore();
    const unmarked = await message('m1');
    expect(unmarked).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(readdirSync(mailDir)).toEqual(['m1.eml']);

    clock.set(unmarked!.nextAttemptAt);
    expect(await sender.drain()).toBe(1);
    expect(readdirSync(mailDir)).toEqual(['m1.eml']);
    expect(await message('m1')).toMatchObject({ status: 'SENT' });
  });
});
