import { ManualClock } from '@shtc/platform';
import { SqliteReadStore } from '@shtc/read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpSink, type SmtpSink } from '@shtc/testing';
import { OUTBOX, OUTBOX_CONCURRENCY, OutboxSender, ensureOutbox, pendingMessage, type OutboxMessage } from '../outbox';
import { SmtpMailer } from './smtp-mailer';

/** The outbox over SMTP: many messages, few connections, each message once. */
describe('SmtpMailer under the outbox', () => {
  let sink: SmtpSink;
  let dir: string;
  beforeEach(async () => {
    sink = await startSmtpSink();
    dir = mkdtempSync(join(tmpdir(), 'smtp-mailer-'));
  });
  afterEach(async () => {
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`sends a backlog of 120 messages over at most ${OUTBOX_CONCURRENCY} connections, each once, all marked SENT`, async () => {
    const store = new SqliteReadStore(join(dir, 'read.sqlite'));
    const clock = new ManualClock('2027-01-04T09:00:00+08:00');
    const mailer = new SmtpMailer(sink.url);
    try {
      await ensureOutbox(store);
      const at = clock.now().toISOString();
      for (let i = 0; i < 120; i++) await store.put(OUTBOX, pendingMessage({ id: `m${i}@shtc.test`, to: `exporter${i}@example.com`, subject: `Case ${i}`, text: `Status of case ${i}` }, at));
      expect(await new OutboxSender(store, mailer, clock).drain()).toBe(120);
      const ids = sink.received.map((mail) => /^Message-ID: <([^>]+)>/im.exec(mail.raw)?.[1]);
      expect(new Set(ids).size).toBe(120);
      expect(ids).toHaveLength(120);
      expect(sink.connections).toBeGreaterThanOrEqual(1);
      expect(sink.connections).toBeLessThanOrEqual(OUTBOX_CONCURRENCY);
      expect(await store.count(OUTBOX, { status: 'SENT' })).toBe(120);
      const sent = await store.get<OutboxMessage>(OUTBOX, 'm7@shtc.test');
      expect(sent?.sentAt).toBe(clock.now().toISOString());
    } finally {
      await mailer.close();
      await store.close();
    }
  });
});
