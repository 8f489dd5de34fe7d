import Database from 'better-sqlite3';
import { join } from 'node:path';
import { READ_STORE, type Document, type ReadStore } from '@shtc/read-store';
import { PASSWORD, businessNumber, registerAndLogin, standardBody, startApp, type TestApp } from '@shtc/testing';
import { IDEMPOTENCY } from './idempotency.interceptor';

/** api.md: every command accepts Idempotency-Key; a retry gets the first answer and appends nothing. */
describe('Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  const eventCount = (stream: string) => {
    const db = new Database(join(t.dataDir, 'events.sqlite'), { readonly: true });
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM events WHERE stream = ?').get(stream) as { n: number };
    db.close();
    return n;
  };
  const registration = (businessId: string, email = 'idem@example.com') => ({
    businessId,
    kind: 'COMPANY',
    name: 'Idempotent Trading Co.',
    email,
    password: PASSWORD,
  });

  it('answers a repeated registration with the first response and appends nothing', async () => {
    const businessId = businessNumber();
    const headers = { 'Idempotency-Key': `register-${businessId}` };
    const first = await t.http.post('/auth/register', registration(businessId), { headers });
    const retry = await t.http.post('/auth/register', registration(businessId), { headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(eventCount(`account-${businessId}`)).toBe(1);
  });

  it('answers 409 when the same key comes with another body', async () => {
    const businessId = businessNumber();
    const headers = { 'Idempotency-Key': `register-${businessId}` };
    await t.http.post('/auth/register', registration(businessId), { headers });
    const other = await t.http.post('/auth/register', registration(businessId, 'changed@example.com'), { headers });
    expect(other.status).toBe(409);
    expect(other.body.detail).toMatch(/different request/);
  });

  it('replays a refusal too, as it was first answered', async () => {
    const businessId = businessNumber();
    await t.http.post('/auth/register', registration(businessId));
    const headers = { 'Idempotency-Key': `dup-${businessId}` };
    const first = await t.http.post('/auth/register', registration(businessId), { headers });
    const retry = await t.http.post('/auth/register', registration(businessId), { headers });
    expect(first.status).toBe(409);
    // A concurrent-change 409 could pass on retry and is not kept; a rule's refusal is.
    expect(retry.status).toBe(first.status);
  });

  it('runs concurrent retries of one key once', async () => {
    const applicant = await registerAndLogin(t.http);
    const agent = await registerAndLogin(t.http);
    const headers = { 'Idempotency-Key': 'authorize-once' };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: applicant.token, headers }),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.position)).size).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(eventCount(`account-${applicant.businessId}`)).toBe(2); // registered + one authorisation
  });

  it('scopes keys to the account, so two accounts may use the same key', async () => {
    const agent = await registerAndLogin(t.http);
    const a = await registerAndLogin(t.http);
    const b = await registerAndLogin(t.http);
    const headers = { 'Idempotency-Key': 'same-key' };
    const first = await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: a.token, headers });
    const second = await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: b.token, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
  });

  it('lets a retry carry on a command whose process died before answering, without running it again', async () => {
    const applicant = await registerAndLogin(t.http);
    const headers = { 'Idempotency-Key': 'file-once' };
    const first = await t.http.post('/applications', standardBody(), { token: applicant.token, headers });
    expect(first.status).toBe(201);
    // As a kill between the append and the answer leaves it: the case filed, the key still claimed by a process that is gone.
    const store = t.app.get<ReadStore>(READ_STORE);
    const { items } = await store.find<Document>(IDEMPOTENCY, {}, { limit: 500 });
    const claim = items.find((record) => (record.body as { caseNo?: string } | undefined)?.caseNo === first.body.caseNo)!;
    await store.put(IDEMPOTENCY, { ...claim, state: 'IN_PROGRESS', owner: 'a process killed since', status: undefined, body: undefined });
    const numbersBefore = eventCount(`sequence-SHTC-${first.body.caseNo.slice(5, 9)}`);

    const retry = await t.http.post('/applications', standardBody(), { token: applicant.token, headers });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(eventCount(`case-${first.body.caseNo}`)).toBe(1);
    expect(eventCount(`sequence-SHTC-${first.body.caseNo.slice(5, 9)}`)).toBe(numbersBefore);
    // Its answer is now recorded: the next retry is a plain replay.
    const again = await t.http.post('/applications', standardBody(), { token: applicant.token, headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses a malformed key', async () => {
    const answer = await t.http.post('/auth/register', registration(businessNumber()), { headers: { 'Idempotency-Key': 'x'.repeat(201) } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('forgets a key after 24 hours', async () => {
    const applicant = await registerAndLogin(t.http);
    const agent = await registerAndLogin(t.http);
    const headers = { 'Idempotency-Key': 'day-old' };
    await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, { token: applicant.token, headers });
    await t.http.delete(`/agents/authorizations/${agent.businessId}`, { token: applicant.token });
    t.clock.advance(24 * 60 * 60 * 1000 + 1000);
    const fresh = await registerAndLogin(t.http); // the old session idled out meanwhile
    void fresh;
    const again = await t.http.post('/agents/authorizations', { agentBusinessId: agent.businessId }, {
      token: (await t.http.post('/auth/login', { businessId: applicant.businessId, password: PASSWORD })).body.token,
      headers,
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(eventCount(`account-${applicant.businessId}`)).toBe(4);
  });
});
