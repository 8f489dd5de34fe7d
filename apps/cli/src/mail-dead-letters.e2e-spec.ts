import { caseCodec } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { OUTBOX, OutboxSender, type OutboxMessage } from '@shtc/notifications';
import { ManualClock } from '@shtc/platform';
import { READ_STORE, type ReadStore } from '@shtc/read-store';
import {
  CLI,
  eventually,
  fileApplication,
  readMail,
  registerAndLogin,
  requireBuiltCli,
  runBuilt as run,
  standardBody,
  startApp,
  startSmtpSink,
  type SmtpSink,
  type TestApp,
} from '@shtc/testing';

/**
 * R-NOTE-1 when the mail server refuses: the outbox sender retries with growing delays (the test
 * moves the app's clock instead of waiting), then gives the message up as a dead letter, which
 * `npm run cli -- mail-dead-letters` lists and `--resend` sends once the server takes mail again.
 */
describe('npm run cli -- mail-dead-letters', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    requireBuiltCli();
    sink = await startSmtpSink({ refusing: true });
    t = await startApp({ clock: new ManualClock('2026-12-30T09:00:00+08:00'), env: { SMTP_URL: sink.url } });
    env = { DATA_DIR: t.dataDir, SMTP_URL: sink.url };
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const outbox = (id: string) => t.app.get<ReadStore>(READ_STORE).get<OutboxMessage>(OUTBOX, id);
  const ready = async () => (await t.http.get('/health/ready')).body;

  it('retries a refused status mail with growing delays, dead-letters it, lists it and resends it', async () => {
    const applicant = await registerAndLogin(t.http);
    const companyEmail = `dead-letter-${applicant.businessId}@formosa.example`;
    const { caseNo } = await fileApplication(t.http, applicant.token, standardBody({ companyEmail }));
    const [registered] = await t.app.get<EventStore>(EVENT_STORE).readStream(caseCodec.streamOf(caseNo));
    const id = registered.metadata.eventId;

    // Each refusal schedules the next attempt later than the one before; the 8th gives up.
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      const message = await eventually(async () => {
        const current = await outbox(id);
        return current && current.attempts === attempt ? current : null;
      });
      expect(sink.refused).toHaveLength(attempt);
      if (attempt === 8) {
        expect(message).toMatchObject({ status: 'DEAD_LETTER', deadLetteredAt: t.clock.now().toISOString(), lastError: expect.stringContaining('451') });
        break;
      }
      expect(message.status).toBe('PENDING');
      delays.push(Date.parse(message.nextAttemptAt) - t.clock.now().getTime());
      t.clock.set(message.nextAttemptAt);
      await t.app.get(OutboxSender).drain();
    }
    expect(delays).toEqual([2, 4, 8, 16, 32, 64, 128].map((seconds) => seconds * 1000));
    expect(new Set(sink.refused.map((m) => readMail(m.raw).messageId))).toEqual(new Set([`<${id}@shtc.local>`]));

    // Given up: the sender tries no more, and operations see it.
    t.clock.advance(24 * 3_600_000);
    await t.app.get(OutboxSender).drain();
    expect(sink.refused).toHaveLength(8);
    expect((await ready()).mail).toEqual({ deadLetters: 1 });

    const listed = await run(CLI, ['mail-dead-letters'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${id}  ${companyEmail}  "案件 ${caseNo}：登錄中 / Case ${caseNo}: registered"  8 attempts`);
    expect(listed.stdout).toMatch(/last error: .*451/);
    expect(listed.stdout).toContain('1 dead letter(s)');
    expect(listed.stdout).not.toContain('案件資料已登錄'); // the body stays in the outbox

    // The server still refuses: the resend says so, exits 1, and the message stays a dead letter.
    const refused = await run(CLI, ['mail-dead-letters', '--resend'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Failed ${id} to ${companyEmail}`);
    expect(refused.stdout).toContain('Resent 0 of 1 dead letter(s)');
    expect(await outbox(id)).toMatchObject({ status: 'DEAD_LETTER', attempts: 9 });

    sink.refusing = false;
    const resent = await run(CLI, ['mail-dead-letters', '--resend', '--id', id], env);
    expect(resent.stderr).toBe('');
    expect(resent.code).toBe(0);
    expect(resent.stdout).toContain(`Sent ${id} to ${companyEmail}`);
    expect(resent.stdout).toContain(`Resent 1 of 1 dead letter(s) through SMTP 127.0.0.1:${new URL(sink.url).port}`);
    expect(sink.received.map((m) => m.to)).toEqual([[companyEmail]]);
    const mail = readMail(sink.received[0].raw);
    expect(mail).toMatchObject({ messageId: `<${id}@shtc.local>`, to: companyEmail, subject: `案件 ${caseNo}：登錄中 / Case ${caseNo}: registered` });
    expect(mail.text).toContain('新狀態 / New status: 登錄中 (REGISTERED)');

    expect(await outbox(id)).toMatchObject({ status: 'SENT', deadLetteredAt: null });
    expect((await run(CLI, ['mail-dead-letters'], env)).stdout).toContain('No dead letters');
    expect((await ready()).mail).toEqual({ deadLetters: 0 });
    await t.app.get(OutboxSender).drain();
    expect(sink.received).toHaveLength(1);
  }, 60_000);

  it('refuses to resend an id that is no dead letter', async () => {
    const unknown = await run(CLI, ['mail-dead-letters', '--resend', '--id', 'no-such-message'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No dead letter no-such-message');
    expect(unknown.stdout).toContain('Resent 0 of 1 dead letter(s)');
  });
});
