import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { decodeQuotedPrintable, eventually, existingCase, given, registerAndLogin, seededCaseNo, staffLogin, startApp, type TestApp } from '@shtc/testing';
import { standardApplication } from '../../../../../libs/domain/src/case/case.fixtures';
import { REDACTED } from '../redaction/secret-fields';

/**
 * GET /audit/streams/:stream/events (issue 11 item 1): every event of a stream with its whole
 * envelope, in revision order and paged; the stored data and the data as the codec reads it
 * now; and never a password hash or reset material (R-ACC-2), whatever account it is.
 */
describe('audit: every event of a stream, with its envelope', () => {
  let t: TestApp;
  let auditor: { businessId: string; token: string };
  beforeAll(async () => {
    t = await startApp();
    auditor = await staffLogin(t, 'AUDITOR');
  });
  afterAll(async () => t.close());

  const read = (path: string, token = auditor.token) => t.http.get(path, { token });
  const mailFor = (businessId: string) =>
    eventually(() => {
      const dir = join(t.dataDir, 'mail');
      const mails = existsSync(dir) ? readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8')) : [];
      return mails.find((mail) => mail.includes(`account ${businessId}`));
    });

  it('shows an account\'s registration, password reset and change without a password hash or reset material', async () => {
    const { businessId } = await registerAndLogin(t.http);
    expect((await t.http.post('/auth/password-reset', { businessId })).status).toBe(202);
    const token = /confirm: (\S+)/.exec(decodeQuotedPrintable(await mailFor(businessId)))![1];
    expect((await t.http.post('/auth/password-reset/confirm', { token, newPassword: 'a brand new password' })).status).toBe(204);

    const answer = await read(`/audit/streams/account-${businessId}/events`);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((event: any) => [event.type, event.redacted])).toEqual([
      ['AccountRegistered', ['passwordHash']],
      ['PasswordResetRequested', ['resetId']],
      ['PasswordChanged', ['passwordHash', 'resetId']],
    ]);
    expect(answer.body.items[0].data).toMatchObject({ businessId, passwordHash: REDACTED, email: `export-${businessId}@example.com` });

    // Nothing stored as a secret appears anywhere in the answer, nor the link's token.
    const stored = await t.app.get<EventStore>(EVENT_STORE).readStream(`account-${businessId}`);
    const secrets = stored.flatMap((event) => Object.entries(event.data as Record<string, unknown>).filter(([key, value]) => /hash|reset/i.test(key) && typeof value === 'string').map(([, value]) => value as string));
    expect(secrets).toHaveLength(4);
    const text = JSON.stringify(answer.body);
    for (const secret of [...secrets, token, ...token.split('.').slice(1)]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/scrypt/i);
  });

  it('gives each event its whole envelope, chained by hashes, in revision order', async () => {
    const { businessId } = await registerAndLogin(t.http);
    await t.http.post('/auth/password-reset', { businessId });
    const { items } = (await read(`/audit/streams/account-${businessId}/events`)).body;
    expect(items.map((event: any) => event.revision)).toEqual([0, 1]);
    const [first, second] = items;
    expect(first).toMatchObject({
      stream: `account-${businessId}`, type: 'AccountRegistered', schemaVersion: 1, position: expect.stringMatching(/^\d+$/),
      metadata: {
        eventId: expect.any(String), occurredAt: expect.any(String), actor: expect.objectContaining({ businessId }),
        correlationId: expect.any(String), causationId: expect.any(String), schemaVersion: 1, prevHash: '', hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      decoded: { schemaVersion: 1, upcast: false },
    });
    expect(second.metadata.prevHash).toBe(first.metadata.hash);
    expect(BigInt(second.position)).toBeGreaterThan(BigInt(first.position));
  });

  it('shows an event stored in an older shape as stored, and as the codec upcasts it', async () => {
    const caseNo = seededCaseNo();
    const application = standardApplication();
    const filedBy = { accountId: 'acc-old', role: 'APPLICANT', businessId: application.applicantId };
    await given(t, existingCase(caseNo, [{ type: 'CaseRegistered', schemaVersion: 1, data: { caseNo, application, warnings: [], filedBy, agentId: null, registeredAt: '2026-11-25T01:00:00.000Z' } }]));
    const [event] = (await read(`/audit/streams/case-${caseNo}/events`)).body.items;
    expect(event.schemaVersion).toBe(1);
    expect(event.data).not.toHaveProperty('amends');
    expect(event.decoded).toMatchObject({ schemaVersion: 3, upcast: true, data: { caseNo, amends: null, reissues: null, corrects: null } });
  });

  it('pages by revision: nextCursor is the revision to continue after', async () => {
    const { businessId } = await registerAndLogin(t.http);
    await t.http.post('/auth/password-reset', { businessId });
    await t.http.post('/auth/password-reset', { businessId });
    const stream = `/audit/streams/account-${businessId}/events`;
    const first = (await read(`${stream}?limit=2`)).body;
    expect([first.items.map((event: any) => event.revision), first.nextCursor]).toEqual([[0, 1], '1']);
    const second = (await read(`${stream}?limit=2&cursor=${first.nextCursor}`)).body;
    expect([second.items.map((event: any) => event.revision), second.nextCursor]).toEqual([[2], null]);
    const past = await read(`${stream}?cursor=2`);
    expect([past.status, past.body.items, past.body.nextCursor]).toEqual([200, [], null]);
    expect((await read(`${stream}?cursor=abc`)).body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'cursor' })] });
    expect((await read(`${stream}?limit=501`)).body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'limit' })] });
  });

  it('refuses a stream that is not a case, licence, assurance or account stream (400), and answers 404 for one that does not exist', async () => {
    for (const stream of ['drafts-12345678', 'case-', 'projection_state', '%24all']) {
      const answer = await read(`/audit/streams/${stream}/events`);
      expect([stream, answer.status, answer.body.errors]).toEqual([stream, 400, [expect.objectContaining({ field: 'stream' })]]);
      expect(answer.body.detail).toMatch(/case-…, licence-…, assurance-… or account-…/);
    }
    for (const stream of ['case-SHTC-2026-999999', 'licence-LIC-2026-999999', 'assurance-IRNK-2026-999999', 'account-99999999']) {
      expect([stream, (await read(`/audit/streams/${stream}/events`)).status]).toEqual([stream, 404]);
    }
  });

  it('is for auditors and administrators: an applicant, even reading its own account, gets 403', async () => {
    const { businessId, token } = await registerAndLogin(t.http);
    expect((await read(`/audit/streams/account-${businessId}/events`, token)).status).toBe(403);
    const reviewer = await staffLogin(t, 'REVIEWER');
    expect((await read(`/audit/streams/account-${businessId}/events`, reviewer.token)).status).toBe(403);
    const admin = await staffLogin(t, 'ADMIN');
    expect((await read(`/audit/streams/account-${businessId}/events`, admin.token)).status).toBe(200);
  });
});
