import { ManualClock } from '@shtc/platform';
import { ProjectionRunner, READ_STORE, type Document, type ReadStore } from '@shtc/read-store';
import { IDEMPOTENCY } from '../../http/idempotency.interceptor';
import { decideOnCase, given, seededCaseNo, staff, startApp, submittedCase, type Staff, type TestApp } from '@shtc/testing';

const applicant = { accountId: 'acc-applicant', businessId: '22099131' };

/**
 * "Next case" (issue 8 item 1): one request gives the caller the most urgent unclaimed case of a
 * queue, claimed for it through the case's command path; two reviewers never get the same case.
 */
describe('POST /review/queues/:status/next', () => {
  let t: TestApp;
  let alice: Staff;

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2026-12-10T10:00:00+08:00') });
    alice = await staff(t);
  });
  afterAll(async () => t.close());

  const next = (who: Staff, queue = 'INITIAL_REVIEW', query = '') => t.http.post(`/review/queues/${queue}/next${query}`, undefined, { token: who.token });

  it('answers 404 when no unclaimed case is left', async () => {
    const answer = await next(alice);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('claims the most urgent unclaimed case for the caller, then the next one', async () => {
    const [later, sooner] = [seededCaseNo(), seededCaseNo()];
    await given(t, submittedCase(later, applicant, '2026-12-03T02:00:00.000Z'), submittedCase(sooner, applicant, '2026-12-01T02:00:00.000Z'));
    const first = await next(alice);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      caseNo: sooner, status: 'INITIAL_REVIEW', queue: 'INITIAL_REVIEW', dueDate: '2026-12-10', workingDaysLeft: 0, overdue: false,
      destination: 'DE', route: 'STANDARD', kind: 'NEW', flags: [],
      assignee: { businessId: alice.businessId, name: alice.name },
      position: expect.stringMatching(/^\d+$/),
    });
    // The claim is an event of the case: the queue shows it once the projection has it.
    const mine = await t.http.get(`/review/queues/INITIAL_REVIEW?assignee=me&after=${first.body.position}`, { token: alice.token });
    expect(mine.body.items.map((item: { caseNo: string }) => item.caseNo)).toEqual([sooner]);
    expect((await t.http.get('/review/queues?assignee=me', { token: alice.token })).body.INITIAL_REVIEW).toBe(1);

    expect((await next(alice)).body.caseNo).toBe(later);
    expect((await next(alice)).status).toBe(404);
  });

  it('applies the queue filters to the cases it picks from', async () => {
    const [toDe, toUs] = [seededCaseNo(), seededCaseNo()];
    const us = submittedCase(toUs, applicant, '2026-12-01T02:00:00.000Z');
    const registered = us.events[0] as { type: string; data: { application: { destination: string } } };
    registered.data.application = { ...registered.data.application, destination: 'US' };
    await given(t, submittedCase(toDe, applicant, '2026-12-02T02:00:00.000Z'), us);
    expect((await next(alice, 'INITIAL_REVIEW', '?destination=DE')).body.caseNo).toBe(toDe);
    expect((await next(alice, 'INITIAL_REVIEW', '?destination=DE')).status).toBe(404);
    expect((await next(alice, 'INITIAL_REVIEW', '?route=IRAN_NK')).status).toBe(404);
    expect((await next(alice, 'INITIAL_REVIEW', '?overdue=maybe')).status).toBe(400);
    expect((await next(alice)).body.caseNo).toBe(toUs);
  });

  it('gives reviewers calling at once different cases, each case to one of them (the stream\'s expected revision decides)', async () => {
    const cases = Array.from({ length: 6 }, () => seededCaseNo());
    await given(t, ...cases.map((caseNo, i) => submittedCase(caseNo, applicant, `2026-12-0${1 + (i % 3)}T02:00:00.000Z`)));
    const reviewers = [alice, await staff(t), await staff(t), await staff(t)];
    // Eight calls at once for six cases: every caller reads the same candidates from the queue.
    const answers = await Promise.all([...reviewers, ...reviewers].map((who) => next(who)));
    const claimed = answers.filter((answer) => answer.status === 200).map((answer) => answer.body.caseNo as string);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 404, 404]);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect([...claimed].sort()).toEqual([...cases].sort());
    // And each case's stream agrees with what its caller was told.
    for (const answer of answers.filter((a) => a.status === 200)) {
      const queue = await t.http.get(`/review/queues/INITIAL_REVIEW?assignee=${answer.body.assignee.businessId}&after=${answer.body.position}`, { token: alice.token });
      expect(queue.body.items.map((item: { caseNo: string }) => item.caseNo)).toContain(answer.body.caseNo);
    }
  });

  it('skips a case the projection still shows unclaimed but another reviewer has taken', async () => {
    const [taken, free] = [seededCaseNo(), seededCaseNo()];
    await given(t, submittedCase(taken, applicant, '2026-12-01T02:00:00.000Z'), submittedCase(free, applicant, '2026-12-02T02:00:00.000Z'));
    const bob = await staff(t);
    // Bob's claim is appended, and the projection stopped before it, as if it lagged.
    const runner = t.app.get(ProjectionRunner);
    await runner.stop();
    try {
      await decideOnCase(t, taken, (at) => ({ type: 'ClaimCase', assignee: { accountId: bob.actor.accountId, businessId: bob.businessId, name: bob.name }, by: bob.actor, at }), { wait: false });
      const answer = await next(alice);
      expect(answer.body).toMatchObject({ caseNo: free, assignee: { businessId: alice.businessId } });
    } finally {
      await runner.start();
    }
  });

  it('answers a retry of a claim a crash cut short with the case that claim took, not a second one', async () => {
    const [first, second] = [seededCaseNo(), seededCaseNo()];
    await given(t, submittedCase(first, applicant, '2026-11-30T02:00:00.000Z'), submittedCase(second, applicant, '2026-12-01T02:00:00.000Z'));
    const carol = await staff(t);
    const key = `next-${first}`;
    const claimed = await t.http.post('/review/queues/INITIAL_REVIEW/next', undefined, { token: carol.token, headers: { 'Idempotency-Key': key } });
    expect(claimed.body).toMatchObject({ caseNo: first, assignee: { businessId: carol.businessId } });
    // As if its process died after the claim was appended and before the answer was recorded.
    const store = t.app.get<ReadStore>(READ_STORE);
    const { items } = await store.find<Document & { state: string; correlationId: string }>(IDEMPOTENCY, { state: 'COMPLETED' }, { limit: 500 });
    const record = items.find((item) => JSON.stringify(item.body ?? '').includes(first))!;
    const { status: _status, body: _body, contentType: _type, ...claim } = record as Record<string, unknown>;
    await store.put(IDEMPOTENCY, { ...claim, id: record.id, state: 'IN_PROGRESS', owner: 'a-process-that-is-gone' });

    const retried = await t.http.post('/review/queues/INITIAL_REVIEW/next', undefined, { token: carol.token, headers: { 'Idempotency-Key': key } });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ caseNo: first, assignee: { businessId: carol.businessId } });
    // The other case is still there for whoever calls next.
    expect((await next(alice)).body.caseNo).toBe(second);
  });

  it('keeps a case\'s second review from the reviewer who forwarded it (R-REV-3)', async () => {
    const caseNo = seededCaseNo();
    await given(t, submittedCase(caseNo, applicant, '2026-12-01T02:00:00.000Z'));
    const bob = await staff(t);
    await decideOnCase(t, caseNo, (at) => ({ type: 'ClaimCase', assignee: { accountId: alice.actor.accountId, businessId: alice.businessId, name: alice.name }, by: alice.actor, at }));
    await decideOnCase(t, caseNo, (at) => ({ type: 'ForwardToSecondReview', recommendation: 'APPROVE', note: 'Fine' as never, by: alice.actor, at }));
    expect((await next(alice, 'SECOND_REVIEW')).status).toBe(404);
    const answer = await next(bob, 'SECOND_REVIEW');
    expect(answer.body).toMatchObject({ caseNo, status: 'SECOND_REVIEW', assignee: { businessId: bob.businessId } });
  });
});
