import { ManualClock } from '@shtc/platform';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import {
  FIVE_DOCUMENTS,
  eventually,
  fileApplication,
  given,
  login,
  registerAndLogin,
  seededCaseNo,
  staffLogin,
  standardBody,
  startApp,
  submittedCase,
  upload,
  type TestApp,
} from '@shtc/testing';
import { samplePdf } from '../../../../libs/attachments/src/testing/sample-files';

const DAY = 86_400_000;

/**
 * The review stage over HTTP (R-REV-1 … R-REV-7, R-LIC-1): each path a reviewer takes a case
 * down, with the clock moved across New Year's Day (a national holiday) and weekends.
 * Wednesday 2026-12-30 09:00 Taipei: 7 working days later, skipping Friday 2027-01-01 and the
 * weekend, is Monday 2027-01-11.
 */
describe('review: reviewers decide cases (R-REV)', () => {
  let t: TestApp;
  let alice: { businessId: string; token: string };
  let bob: { businessId: string; token: string };

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2026-12-30T09:00:00+08:00') });
    alice = await staffLogin(t, 'REVIEWER');
    bob = await staffLogin(t, 'REVIEWER');
  });
  afterAll(async () => t.close());

  /** Moves the clock on, and signs everyone in again (sessions end after 20 idle minutes, R-ACC-3). */
  async function advance(days: number, applicant?: { businessId: string; token: string }) {
    t.clock.advance(days * DAY);
    alice.token = await login(t.http, alice.businessId);
    bob.token = await login(t.http, bob.businessId);
    if (applicant) applicant.token = await login(t.http, applicant.businessId);
  }

  async function submittedNow() {
    const applicant = await registerAndLogin(t.http);
    const caseNo = seededCaseNo();
    await given(t, submittedCase(caseNo, applicant, t.clock.now().toISOString()));
    return { applicant, caseNo };
  }

  const post = (who: { token: string }, path: string, body: unknown = {}) => t.http.post(path, body, { token: who.token });
  const view = async (who: { token: string }, caseNo: string) => (await t.http.get(`/review/cases/${caseNo}`, { token: who.token })).body;

  it('takes a case filed over HTTP straight to approval, issuing a licence (R-REV-3, R-LIC-1)', async () => {
    const applicant = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, applicant.token, standardBody({ destination: 'DE' }));
    for (const type of FIVE_DOCUMENTS) expect((await upload(t.baseUrl, applicant.token, caseNo, type, samplePdf(type))).status).toBe(201);
    expect((await post(applicant, `/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' })).status).toBe(200);

    const fresh = await view(alice, caseNo);
    const document = await fetch(`${t.baseUrl}${fresh.attachments[0].href}`, { headers: { authorization: `Bearer ${alice.token}` } });
    expect([document.status, Buffer.from(await document.arrayBuffer()).equals(samplePdf(FIVE_DOCUMENTS[0]))]).toEqual([200, true]);
    expect(fresh).toMatchObject({
      status: 'INITIAL_REVIEW',
      assignee: null,
      clock: { startedOn: '2026-12-30', targetWorkingDays: 7, dueDate: '2027-01-11', workingDaysLeft: 7, overdue: false, paused: [] },
    });
    expect(fresh.allowedActions).toEqual(['claim', 'reassign', 'request-supplement', 'refer-consultation', 'forward', 'close-for-amendment', 'reject', 'cancel', 'notes']);

    const claimed = await post(alice, `/review/cases/${caseNo}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'INITIAL_REVIEW', assignee: { businessId: alice.businessId } });
    expect((await post(bob, `/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE' })).body).toMatchObject({ rule: 'R-REV-2', status: 409 });
    const forwarded = await post(alice, `/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE', note: 'Parties and goods check out' });
    expect(forwarded.body).toMatchObject({ status: 'SECOND_REVIEW', assignee: null });

    const ownApproval = await post(alice, `/review/cases/${caseNo}/approve`, { note: 'mine' });
    expect(ownApproval.status).toBe(403);
    expect(ownApproval.body.rule).toBe('R-REV-3');
    expect((await view(alice, caseNo)).allowedActions).not.toContain('approve');
    expect((await view(bob, caseNo)).allowedActions).toContain('approve');

    const approved = await post(bob, `/review/cases/${caseNo}/approve`, { note: 'Approved as recommended' });
    expect(approved.status).toBe(200);
    // Germany is in all four regimes: 2 years (R-LIC-1 a), the day before the same date.
    expect(approved.body).toMatchObject({ status: 'APPROVED', licenceNo: 'LIC-2026-000001', validUntil: '2028-12-29', validityMonths: 24, validityReason: 'ALL_FOUR_REGIMES', allowedActions: ['notes'] });

    const licence = await t.app.get<EventStore>(EVENT_STORE).readStream(`licence-${approved.body.licenceNo}`);
    expect(licence.map((event) => [event.type, (event.data as { caseNo: string; holderId: string }).caseNo, (event.data as { holderId: string }).holderId])).toEqual([
      ['LicenceIssued', caseNo, applicant.businessId],
    ]);
    const seen = (await t.http.get(`/applications/${caseNo}`, { token: applicant.token })).body;
    expect(seen).toMatchObject({ status: 'APPROVED', licenceNo: approved.body.licenceNo, validUntil: '2028-12-29' });
    const again = await post(bob, `/review/cases/${caseNo}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ caseStatus: 'APPROVED', allowedActions: ['notes'] });
    expect(await t.app.get<EventStore>(EVENT_STORE).readStream(`licence-${approved.body.licenceNo}`)).toHaveLength(1);
  });

  it('stops the clock while the applicant supplies documents, and returns the case to its stage (R-REV-4, R-REV-5)', async () => {
    const { applicant, caseNo } = await submittedNow();
    const asked = await post(alice, `/review/cases/${caseNo}/request-supplement`, { documents: ['BUSINESS_LICENCE'], message: '請補營業執照 Please upload the business licence', replyBy: '2027-01-15' });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'AWAITING_SUPPLEMENT', replyBy: '2027-01-15' });

    await advance(5, applicant); // Monday 2027-01-04
    const seen = (await t.http.get(`/applications/${caseNo}`, { token: applicant.token })).body;
    expect(seen).toMatchObject({ status: 'AWAITING_SUPPLEMENT', allowedActions: ['attach', 'remove-attachment', 'supplement'], supplement: { documents: ['BUSINESS_LICENCE'], replyBy: '2027-01-15' } });
    const early = await post(applicant, `/applications/${caseNo}/supplement`, { note: 'done' });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'R-REV-5', errors: [expect.objectContaining({ field: 'attachments.BUSINESS_LICENCE' })] });
    expect((await upload(t.baseUrl, applicant.token, caseNo, 'BUSINESS_LICENCE', samplePdf('營業執照'))).status).toBe(201);
    const provided = await post(applicant, `/applications/${caseNo}/supplement`, { note: 'Uploaded' });
    expect(provided.body).toMatchObject({ status: 'INITIAL_REVIEW' });

    // Paused from Wednesday 2026-12-30 to Monday 2027-01-04: Dec 31 and Jan 4 are working days (Jan 1 and the weekend are not).
    const { clock } = await view(alice, caseNo);
    expect(clock).toMatchObject({ dueDate: '2027-01-13', workingDaysLeft: 7, paused: [{ from: expect.stringMatching(/^2026-12-30/), to: expect.stringMatching(/^2027-01-04/) }] });
    await advance(-5);
  });

  it('refers to two agencies, keeps each reply, and comes back with the 30-day clock (R-REV-4)', async () => {
    const { caseNo } = await submittedNow();
    const referred = await post(alice, `/review/cases/${caseNo}/refer-consultation`, { agencies: [{ agency: 'MND', dueDate: '2027-01-20' }, 'MOEA-IDB'], note: 'End user unclear' });
    expect(referred.status).toBe(200);
    expect(referred.body).toMatchObject({ status: 'CONSULTATION', agencies: [{ agency: 'MND', dueDate: '2027-01-20' }, { agency: 'MOEA-IDB', dueDate: '2027-01-14' }] });
    expect((await post(alice, `/review/cases/${caseNo}/consultation-reply`, { agency: 'NSB', opinion: 'NO_OBJECTION' })).body).toMatchObject({ status: 422, rule: 'R-REV-2' });
    expect((await post(alice, `/review/cases/${caseNo}/consultation-reply`, { agency: 'MND', opinion: 'NO_OBJECTION', note: '無意見' })).body.status).toBe('CONSULTATION');
    expect((await post(bob, `/review/cases/${caseNo}/consultation-reply`, { agency: 'MOEA-IDB', opinion: 'OBJECTION', note: 'Known diverter' })).body.status).toBe('INITIAL_REVIEW');
    const seen = await view(alice, caseNo);
    expect(seen.clock).toMatchObject({ targetWorkingDays: 30 });
    expect(seen.flags).toContain('CONSULTED');
    expect(seen.consultations[0].replies.map((r: { agency: string; opinion: string }) => [r.agency, r.opinion])).toEqual([['MND', 'NO_OBJECTION'], ['MOEA-IDB', 'OBJECTION']]);
  });

  it('returns a case from second review, and lets the same initial reviewer forward it again', async () => {
    const { caseNo } = await submittedNow();
    await post(alice, `/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE' });
    expect((await post(alice, `/review/cases/${caseNo}/return`, { reason: 'mine' })).status).toBe(403);
    const returned = await post(bob, `/review/cases/${caseNo}/return`, { reason: 'Check the end user again' });
    expect(returned.body).toMatchObject({ status: 'RETURNED_TO_INITIAL_REVIEW' });
    expect((await view(alice, caseNo)).flags).toContain('RETURNED');
    expect((await post(alice, `/review/cases/${caseNo}/forward`, { recommendation: 'REJECT', note: 'End user doubtful' })).body.status).toBe('SECOND_REVIEW');
  });

  it('closes for amendment and rejects with reasons the applicant reads', async () => {
    const closed = await submittedNow();
    const amendment = await post(alice, `/review/cases/${closed.caseNo}/close-for-amendment`, { reasons: ['The consignee address is incomplete'] });
    expect(amendment.body).toMatchObject({ status: 'CLOSED_FOR_AMENDMENT', allowedActions: ['notes'] });
    const rejected = await submittedNow();
    expect((await post(alice, `/review/cases/${rejected.caseNo}/reject`, { reasons: [] })).body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'reasons' })] });
    expect((await post(alice, `/review/cases/${rejected.caseNo}/reject`, { reasons: 'The end user is on a denied list' })).body.status).toBe('REJECTED');
    const seen = (await t.http.get(`/applications/${rejected.caseNo}`, { token: rejected.applicant.token })).body;
    expect(seen).toMatchObject({ status: 'REJECTED', decision: { outcome: 'REJECTED', reasons: ['The end user is on a denied list'] } });
  });

  it('cancels on the applicant’s request; the applicant cannot after submission (R-NEW-5)', async () => {
    const { applicant, caseNo } = await submittedNow();
    expect((await post(applicant, `/applications/${caseNo}/cancel`, { reason: 'withdrawn' })).status).toBe(409);
    expect((await post(alice, `/review/cases/${caseNo}/cancel`, { reason: 'The applicant asked by phone' })).body.status).toBe('CANCELLED');
  });

  it('keeps internal notes from the applicant, releases and reassigns with a reason', async () => {
    const { applicant, caseNo } = await submittedNow();
    const note = await post(alice, `/review/cases/${caseNo}/notes`, { text: 'Called the applicant: catalogue follows' });
    expect(note.status).toBe(201);
    expect((await view(bob, caseNo)).notes).toEqual([expect.objectContaining({ noteId: note.body.noteId, text: 'Called the applicant: catalogue follows', by: alice.businessId })]);
    const seen = (await t.http.get(`/applications/${caseNo}`, { token: applicant.token })).body;
    expect(JSON.stringify(seen)).not.toContain('catalogue follows');

    await post(alice, `/review/cases/${caseNo}/claim`);
    expect((await post(bob, `/review/cases/${caseNo}/release`)).status).toBe(409);
    const reassigned = await post(bob, `/review/cases/${caseNo}/reassign`, { reviewerBusinessId: bob.businessId, reason: 'Alice is on leave' });
    expect(reassigned.body).toMatchObject({ assignee: { businessId: bob.businessId } });
    expect((await post(bob, `/review/cases/${caseNo}/reassign`, { reviewerBusinessId: applicant.businessId, reason: 'x' })).body).toMatchObject({ status: 422, rule: 'R-REV-2' });
    expect((await post(bob, `/review/cases/${caseNo}/release`)).body).toMatchObject({ assignee: null });
  });

  it('opens the licence of an approval whose process died before it could (the licence-issue worker)', async () => {
    const applicant = await registerAndLogin(t.http);
    const caseNo = seededCaseNo();
    const submitted = submittedCase(caseNo, applicant, t.clock.now().toISOString());
    const reviewer = { accountId: 'acc-seed', role: 'REVIEWER', businessId: 'R900' };
    const licence = { licenceNo: 'LIC-2026-900001', issuedOn: '2026-12-30', validUntil: '2027-06-29', validityMonths: 6 as const, validityReason: 'STANDARD' as const };
    await given(t, {
      ...submitted,
      events: [
        ...submitted.events,
        { type: 'ForwardedToSecondReview', data: { recommendation: 'APPROVE', note: '', forwardedAt: t.clock.now().toISOString(), by: { ...reviewer, accountId: 'acc-seed-1' } } },
        { type: 'CaseApproved', data: { note: '', approvedAt: t.clock.now().toISOString(), by: reviewer, licence } },
      ],
    });
    const events = t.app.get<EventStore>(EVENT_STORE);
    const opened = await eventually(async () => {
      const stream = await events.readStream(`licence-${licence.licenceNo}`);
      return stream.length > 0 ? stream : null;
    });
    expect(opened.map((event) => [event.type, (event.data as { caseNo: string }).caseNo, (event.data as { validUntil: string }).validUntil])).toEqual([
      ['LicenceIssued', caseNo, '2027-06-29'],
    ]);
  });

  it('gives a case to one of two reviewers claiming it at once; the other gets 409 naming who has it', async () => {
    const { caseNo } = await submittedNow();
    const answers = await Promise.all([post(alice, `/review/cases/${caseNo}/claim`), post(bob, `/review/cases/${caseNo}/claim`)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)!.body.assignee.businessId;
    expect(answers.find((answer) => answer.status === 409)!.body).toMatchObject({ rule: 'R-REV-2', assignee: { businessId: winner } });
    expect((await view(alice, caseNo)).assignee.businessId).toBe(winner);
  });

  it('answers a retried approval (same Idempotency-Key) with the same licence, and issues one', async () => {
    const { caseNo } = await submittedNow();
    await post(alice, `/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE' });
    const key = { 'idempotency-key': `approve-${caseNo}` };
    const first = await t.http.post(`/review/cases/${caseNo}/approve`, { note: 'ok' }, { token: bob.token, headers: key });
    const retry = await t.http.post(`/review/cases/${caseNo}/approve`, { note: 'ok' }, { token: bob.token, headers: key });
    expect(first.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const stream = await t.app.get<EventStore>(EVENT_STORE).readStream(`case-${caseNo}`);
    expect(stream.filter((event) => event.type === 'CaseApproved')).toHaveLength(1);
  });

  it('answers only reviewers: 403 to an applicant, 404 for no such case', async () => {
    const { applicant, caseNo } = await submittedNow();
    expect((await post(applicant, `/review/cases/${caseNo}/claim`)).status).toBe(403);
    expect((await t.http.get(`/review/cases/${caseNo}`, { token: applicant.token })).status).toBe(403);
    expect((await t.http.get('/review/cases/SHTC-2026-999999', { token: alice.token })).status).toBe(404);
  });
});
