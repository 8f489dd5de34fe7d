import Database from 'better-sqlite3';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD, businessNumber, registerAndLogin, startApp, decodeQuotedPrintable, eventually, startSmtpSink, type TestApp } from '@shtc/testing';

const tokenIn = (mail: string) => /confirm: (\S+)/.exec(decodeQuotedPrintable(mail))?.[1];

describe('password reset by an expiring one-time link (R-ACC-2), mail as .eml files', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  const mails = () => {
    const dir = join(t.dataDir, 'mail');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
  };
  const mailFor = (businessId: string) => eventually(() => mails().find((m) => m.includes(`account ${businessId}`)));

  it('mails a link that sets a new password once, and ends the old sessions', async () => {
    const { businessId, token: oldSession } = await registerAndLogin(t.http, { email: 'reset-me@example.com' });
    const asked = await t.http.post('/auth/password-reset', { businessId });
    expect(asked.status).toBe(202);
    const mail = await mailFor(businessId);
    expect(mail).toContain('To: reset-me@example.com');
    expect(mail).toMatch(/Message-ID: <[0-9a-f-]{36}@shtc\.local>/);
    const token = tokenIn(mail)!;

    const confirmed = await t.http.post('/auth/password-reset/confirm', { token, newPassword: 'a brand new password' });
    expect(confirmed.status).toBe(204);
    expect((await t.http.post('/auth/login', { businessId, password: PASSWORD })).status).toBe(401);
    expect((await t.http.post('/auth/login', { businessId, password: 'a brand new password' })).status).toBe(200);
    expect((await t.http.get('/auth/me', { token: oldSession })).status).toBe(401);

    const again = await t.http.post('/auth/password-reset/confirm', { token, newPassword: 'yet another password' });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ rule: 'R-ACC-2', errors: [{ field: 'token', rule: 'R-ACC-2' }] });
  });

  it('refuses a link after it expired', async () => {
    const { businessId } = await registerAndLogin(t.http);
    await t.http.post('/auth/password-reset', { businessId });
    const token = tokenIn(await mailFor(businessId))!;
    t.clock.advance(61 * 60_000);
    const late = await t.http.post('/auth/password-reset/confirm', { token, newPassword: 'a brand new password' });
    expect(late.status).toBe(422);
    expect(late.body.rule).toBe('R-ACC-2');
    expect(late.body.detail).toMatch(/expired/);
  });

  it('refuses a forged token', async () => {
    const { businessId } = await registerAndLogin(t.http);
    await t.http.post('/auth/password-reset', { businessId });
    const [account, resetId] = tokenIn(await mailFor(businessId))!.split('.');
    const forged = await t.http.post('/auth/password-reset/confirm', { token: `${account}.${resetId}.${'A'.repeat(43)}`, newPassword: 'a brand new password' });
    expect(forged.status).toBe(422);
    expect(forged.body.rule).toBe('R-ACC-2');
  });

  it('answers 202 for an unknown account too, and mails nobody', async () => {
    const before = mails().length;
    const unknown = businessNumber();
    expect((await t.http.post('/auth/password-reset', { businessId: unknown })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mails().length).toBe(before);
  });

  it('keeps no copy of the secret link in the outbox once the mail is sent', async () => {
    const { businessId } = await registerAndLogin(t.http, { email: `outbox-${process.pid}@example.com` });
    await t.http.post('/auth/password-reset', { businessId });
    const token = tokenIn(await mailFor(businessId))!;
    const outbox = await eventually(() => {
      const db = new Database(join(t.dataDir, 'read.sqlite'), { readonly: true });
      const rows = db.prepare('SELECT doc FROM c_outbox').all() as Array<{ doc: string }>;
      db.close();
      const message = rows.map((r) => JSON.parse(r.doc)).find((m) => m.to === `outbox-${process.pid}@example.com`);
      return message?.status === 'SENT' ? message : null;
    });
    expect(outbox.text).toBeNull();
    expect(JSON.stringify(outbox)).not.toContain(token);
  });
});

describe('password reset mail through SMTP when SMTP_URL is set', () => {
  it('delivers the reset mail to a real SMTP server', async () => {
    const sink = await startSmtpSink();
    const t = await startApp({ env: { SMTP_URL: sink.url } });
    try {
      const { businessId } = await registerAndLogin(t.http, { email: 'smtp-user@example.com' });
      await t.http.post('/auth/password-reset', { businessId });
      const mail = await eventually(() => sink.received.find((m) => m.to.includes('smtp-user@example.com')));
      const token = tokenIn(mail.raw)!;
      expect((await t.http.post('/auth/password-reset/confirm', { token, newPassword: 'smtp reset password' })).status).toBe(204);
      expect(sink.received).toHaveLength(1);
    } finally {
      await t.close();
      await sink.stop();
    }
  });
});
