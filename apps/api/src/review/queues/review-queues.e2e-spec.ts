import type { Application, CaseEvent, FreeText } from '@shtc/domain';
import { ManualClock } from '@shtc/platform';
import {
  decideOnCase,
  given,
  registerAndLogin,
  seededCaseNo,
  staff,
  startApp,
  submittedCase,
  type ExistingStream,
  type Staff,
  type TestApp,
} from '@shtc/testing';

const applicant = { accountId: 'acc-applicant', businessId: '22099131' };
const text = (value: string) => value as FreeText;

/** A standard case submitted at `submittedAt`, its application changed by `overrides`. */
function submitted(caseNo: string, submittedAt: string, overrides: Partial<Application> = {}): ExistingStream {
  const stream = submittedCase(caseNo, applicant, submittedAt);
  const [registered] = stream.events as CaseEvent[];
  if (registered.type === 'CaseRegistered') registered.data.application = { ...registered.data.application, ...overrides };
  return stream;
}

/** GET as a reviewer, the body when 200. */
async function read(t: TestApp, reviewer: Staff, path: string) {
  const answer = await t.http.get(path, { token: reviewer.token });
  if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const caseNos = (body: { items: Array<{ caseNo: string }> }) => body.items.map((item) => item.caseNo);

/**
 * Issue 8 item 3: the reviewer queues. Each case in review is in the queue of its status, soonest
 * due first, with its clock for today (R-REV-4: 7 working days from submission, Taiwan's office
 * calendar, stopped while the case awaits documents); counts per queue; filters and paging.
 */
describe('review queues: clocks across a holiday and a weekend', () => {
  let t: TestApp;
  let reviewer: Staff;
  const a = seededCaseNo();
  const b = seededCaseNo();

  beforeAll(async () => {
    // Tue 29 Dec 2026, 10:00 in Taipei. New Year's Day 2027 is a Friday.
    t = await startApp({ clock: new ManualClock('2026-12-29T10:00:00+08:00') });
    reviewer = await staff(t);
  });
  afterAll(async () => t.close());

  it('puts submitted cases in the initial review queue, soonest due first, with due dates past the holiday and the weekend', async () => {
    await given(t, submitted(b, '2026-12-30T02:00:00.000Z'), submitted(a, '2026-12-29T02:00:00.000Z'));
    expect(await read(t, reviewer, '/review/queues')).toEqual({ INITIAL_REVIEW: 2, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 0 });
    const queue = await read(t, reviewer, '/review/queues/INITIAL_REVIEW');
    expect(queue.nextCursor).toBeNull();
    expect(queue.items).toEqual([
      expect.objectContaining({
        caseNo: a, queue: 'INITIAL_REVIEW', status: 'INITIAL_REVIEW', route: 'STANDARD', kind: 'NEW', destination: 'DE', applicantId: applicant.businessId,
        assignee: null, flags: [], paused: false, submittedAt: '2026-12-29T02:00:00.000Z',
        // Wed 30, Thu 31 Dec; Fri 1 Jan off, the weekend; Mon 4 … Fri 8 Jan: 7 working days.
        dueDate: '2027-01-08', workingDaysLeft: 7, overdue: false,
      }),
      expect.objectContaining({ caseNo: b, dueDate: '2027-01-11', workingDaysLeft: 8, overdue: false }),
    ]);
  });

  it('counts the days left from today: 0 on the due date, then overdue', async () => {
    t.clock.set('2027-01-08T09:00:00+08:00');
    reviewer.token = (await t.http.post('/auth/login', { businessId: reviewer.businessId, password: 'correct horse battery staple' })).body.token;
    let [first, second] = (await read(t, reviewer, '/review/queues/INITIAL_REVIEW')).items;
    expect([first.workingDaysLeft, first.overdue, second.workingDaysLeft, second.overdue]).toEqual([0, false, 1, false]);
    expect(caseNos(await read(t, reviewer, '/review/queues/INITIAL_REVIEW?overdue=true'))).toEqual([]);

    t.clock.set('2027-01-11T09:00:00+08:00'); // Monday: a is one working day late, b is due today
    reviewer.token = (await t.http.post('/auth/login', { businessId: reviewer.businessId, password: 'correct horse battery staple' })).body.token;
    [first, second] = (await read(t, reviewer, '/review/queues/INITIAL_REVIEW')).items;
    expect([first.workingDaysLeft, first.overdue, second.workingDaysLeft, second.overdue]).toEqual([-1, true, 0, false]);
    expect(caseNos(await read(t, reviewer, '/review/queues/INITIAL_REVIEW?overdue=true'))).toEqual([a]);
    expect(caseNos(await read(t, reviewer, '/review/queues/INITIAL_REVIEW?overdue=false'))).toEqual([b]);
  });

  it('stops the clock while the case awaits documents, and moves the due date on by the working days it waited (R-REV-4, R-REV-5)', async () => {
    await decideOnCase(t, b, (at) => ({ type: 'ClaimCase', assignee: { accountId: reviewer.actor.accountId, businessId: reviewer.businessId, name: reviewer.name }, by: reviewer.actor, at }));
    const { position } = await decideOnCase(t, b, (at) => ({
      type: 'RequestSupplement', documents: ['BUSINESS_LICENCE'], message: text('Please send the business licence'), replyBy: '2027-01-18', by: reviewer.actor, at,
    }));
    expect(await read(t, reviewer, `/review/queues?after=${position}`)).toEqual({ INITIAL_REVIEW: 1, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 1 });
    expect(await read(t, reviewer, '/review/queues?assignee=me')).toEqual({ INITIAL_REVIEW: 0, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 1 });
    expect(await read(t, reviewer, '/review/queues?assignee=none')).toEqual({ INITIAL_REVIEW: 1, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 0 });

    // Three working days later the paused case still has 0 days left, and is not overdue.
    t.clock.set('2027-01-14T09:00:00+08:00');
    reviewer.token = (await t.http.post('/auth/login', { businessId: reviewer.businessId, password: 'correct horse battery staple' })).body.token;
    const [waiting] = (await read(t, reviewer, '/review/queues/AWAITING_SUPPLEMENT')).items;
    expect(waiting).toMatchObject({ caseNo: b, status: 'AWAITING_SUPPLEMENT', paused: true, replyBy: '2027-01-18', workingDaysLeft: 0, overdue: false, dueDate: '2027-01-14' });
    expect(waiting.assignee).toEqual({ businessId: reviewer.businessId, name: reviewer.name });
    expect(caseNos(await read(t, reviewer, '/review/queues/AWAITING_SUPPLEMENT?overdue=false'))).toEqual([b]);
    expect(caseNos(await read(t, reviewer, '/review/queues/AWAITING_SUPPLEMENT?overdue=true'))).toEqual([]);

    const by = { accountId: applicant.accountId, role: 'APPLICANT' as const, businessId: applicant.businessId };
    const licence = { attachmentId: 'att-licence', type: 'BUSINESS_LICENCE' as const, fileName: 'licence.pdf', size: 1000, sha256: 'b'.repeat(64), mediaType: 'application/pdf' };
    await decideOnCase(t, b, (at) => ({ type: 'AddAttachment', attachment: licence, by, at }));
    await decideOnCase(t, b, (at) => ({ type: 'ProvideSupplement', note: text('Licence attached'), by, at }));
    // Waited from Mon 11 to Thu 14 Jan: 3 working days, so due Thu 14 Jan instead of Mon 11.
    const queue = await read(t, reviewer, '/review/queues/INITIAL_REVIEW');
    expect(queue.items.map((item: { caseNo: string; dueDate: string; workingDaysLeft: number }) => [item.caseNo, item.dueDate, item.workingDaysLeft])).toEqual([
      [a, '2027-01-08', -4],
      [b, '2027-01-14', 0],
    ]);
    expect(await read(t, reviewer, '/review/queues')).toEqual({ INITIAL_REVIEW: 2, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 0 });
  });

  it('moves cases through consultation and second review, and out of the queues once decided', async () => {
    const other = await staff(t);
    const claim = (who: Staff) => (at: string) => ({ type: 'ClaimCase' as const, assignee: { accountId: who.actor.accountId, businessId: who.businessId, name: who.name }, by: who.actor, at });
    await decideOnCase(t, a, claim(reviewer));
    await decideOnCase(t, a, (at) => ({ type: 'ReferToConsultation', agencies: [{ agency: 'MOEA-IDB', dueDate: '2027-02-01' }, { agency: 'MND', dueDate: '2027-02-01' }], note: text('End user unclear'), by: reviewer.actor, at }));
    let [consulted] = (await read(t, reviewer, '/review/queues/CONSULTATION')).items;
    // Referred to consultation: 30 working days from submission (R-REV-4).
    expect(consulted).toMatchObject({ caseNo: a, status: 'CONSULTATION', dueDate: '2027-02-17', overdue: false });
    for (const agency of ['MOEA-IDB', 'MND']) {
      await decideOnCase(t, a, (at) => ({ type: 'RecordConsultationReply', agency, opinion: 'NO_OBJECTION', note: text('No objection'), by: reviewer.actor, at }));
    }
    expect(caseNos(await read(t, reviewer, '/review/queues/INITIAL_REVIEW'))).toEqual([b, a]); // a is due 17 Feb now
    await decideOnCase(t, a, (at) => ({ type: 'ForwardToSecondReview', recommendation: 'APPROVE', note: text('Fine'), by: reviewer.actor, at }));
    [consulted] = (await read(t, reviewer, '/review/queues/SECOND_REVIEW')).items;
    expect(consulted).toMatchObject({ caseNo: a, status: 'SECOND_REVIEW', assignee: null });
    await decideOnCase(t, a, claim(other));
    await decideOnCase(t, a, (at) => ({ type: 'ReturnToInitialReview', reason: text('Check the end user again'), by: other.actor, at }));
    const returned = (await read(t, reviewer, '/review/queues/INITIAL_REVIEW')).items.find((item: { caseNo: string }) => item.caseNo === a);
    expect(returned).toMatchObject({ queue: 'INITIAL_REVIEW', status: 'RETURNED_TO_INITIAL_REVIEW', assignee: null });

    await decideOnCase(t, a, claim(reviewer));
    await decideOnCase(t, a, (at) => ({ type: 'RejectCase', reasons: [text('End user is a military entity')], by: reviewer.actor, at }));
    await decideOnCase(t, b, (at) => ({ type: 'CloseForAmendment', reasons: [text('Wrong CCC code')], by: reviewer.actor, at }));
    expect(await read(t, reviewer, '/review/queues')).toEqual({ INITIAL_REVIEW: 0, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 0 });
    expect(await read(t, reviewer, '/review/queues?assignee=me')).toEqual({ INITIAL_REVIEW: 0, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 0 });
    expect((await read(t, reviewer, '/review/queues/INITIAL_REVIEW')).items).toEqual([]);
  });
});

describe('review queues: filters, paging and access', () => {
  let t: TestApp;
  let reviewer: Staff;
  let other: Staff;
  const [de1, de2, kp, us, irnk] = [seededCaseNo(), seededCaseNo(), seededCaseNo(), seededCaseNo(), seededCaseNo()];

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2026-12-07T10:00:00+08:00') });
    [reviewer, other] = [await staff(t), await staff(t)];
    await given(
      t,
      submitted(de1, '2026-12-01T02:00:00.000Z'),
      submitted(de2, '2026-12-03T02:00:00.000Z'),
      submitted(kp, '2026-12-02T02:00:00.000Z', { destination: 'KP' }),
      submitted(us, '2026-12-04T02:00:00.000Z', { destination: 'US', kind: 'AMENDMENT' }),
      submitted(irnk, '2026-12-02T02:00:00.000Z', { destination: 'IR', route: 'IRAN_NK' }),
    );
    const claim = (who: Staff) => (at: string) => ({ type: 'ClaimCase' as const, assignee: { accountId: who.actor.accountId, businessId: who.businessId, name: who.name }, by: who.actor, at });
    await decideOnCase(t, de2, claim(reviewer));
    await decideOnCase(t, us, claim(other));
  });
  afterAll(async () => t.close());

  const list = (query = '') => read(t, reviewer, `/review/queues/INITIAL_REVIEW${query}`);

  it('lists the queue soonest due first, then by case number', async () => {
    // de1 due 10 Dec, kp 11 Dec, de2 14 Dec, us 15 Dec; Iran/NK: 30 working days.
    expect(caseNos(await list())).toEqual([de1, kp, de2, us, irnk]);
  });

  it('filters by destination, route, assignee (a business id, me, none) and flag', async () => {
    expect(caseNos(await list('?destination=DE'))).toEqual([de1, de2]);
    expect(caseNos(await list('?route=IRAN_NK'))).toEqual([irnk]);
    expect(caseNos(await list('?route=STANDARD&destination=US'))).toEqual([us]);
    expect(caseNos(await list('?assignee=me'))).toEqual([de2]);
    expect(caseNos(await list(`?assignee=${other.businessId}`))).toEqual([us]);
    expect(caseNos(await list('?assignee=none'))).toEqual([de1, kp, irnk]);
    expect(caseNos(await list('?flag=CONTROLLED_AREA'))).toEqual([kp, irnk]);
    expect(caseNos(await list('?flag=IRAN_NK'))).toEqual([irnk]);
    expect(caseNos(await list('?flag=SCREENING_HIT'))).toEqual([]);
    const [item] = (await list('?assignee=me')).items;
    expect(item.assignee).toEqual({ businessId: reviewer.businessId, name: reviewer.name });
    expect((await list(`?destination=US`)).items[0]).toMatchObject({ kind: 'AMENDMENT', route: 'STANDARD', destination: 'US' });
  });

  it('flags a case screened after submission while its hit is open, and drops the flag once it is a false match (R-REV-7)', async () => {
    const operator = await staff(t, 'ADMIN');
    const hit = { hitId: 'hit-1', party: 'BUYER' as const, name: 'Rhein Optics GmbH', listedName: 'RHEIN OPTICS', source: 'EU', listEntryId: 'EU-1', score: 1 };
    await decideOnCase(t, de1, (at) => ({ type: 'ScreenParties', screening: { lists: ['EU@2026-12-06'], hits: [hit] }, by: operator.actor, at }));
    expect(caseNos(await list('?flag=SCREENING_HIT'))).toEqual([de1]);
    expect((await list('?flag=SCREENING_HIT')).items[0].flags).toEqual(['SCREENING_HIT']);
    await decideOnCase(t, de1, (at) => ({ type: 'DisposeScreeningHit', hitId: 'hit-1', disposition: 'FALSE_MATCH', reason: text('Another company'), by: reviewer.actor, at }));
    expect(caseNos(await list('?flag=SCREENING_HIT'))).toEqual([]);
  });

  it('pages with cursors, each case once and in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ caseNo: string }>; nextCursor: string | null } = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...caseNos(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([de1, kp, de2, us, irnk]);
    const filtered = await list('?destination=DE&limit=1');
    expect(caseNos(filtered)).toEqual([de1]);
    expect(caseNos(await list(`?destination=DE&limit=1&cursor=${filtered.nextCursor}`))).toEqual([de2]);
  });

  it('refuses a bad filter with 400 naming the field, and an unknown queue with 404', async () => {
    for (const [query, field] of [
      ['?overdue=yes', 'overdue'],
      ['?route=FAST', 'route'],
      ['?destination=germany', 'destination'],
      ['?flag=RED', 'flag'],
      ['?assignee=a%20b', 'assignee'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?colour=red', 'colour'],
    ]) {
      const answer = await t.http.get(`/review/queues/INITIAL_REVIEW${query}`, { token: reviewer.token });
      expect([query, answer.status, answer.headers.get('content-type')]).toEqual([query, 400, expect.stringContaining('application/problem+json')]);
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const badCursor = await t.http.get('/review/queues/INITIAL_REVIEW?cursor=nonsense', { token: reviewer.token });
    expect(badCursor.status).toBe(400);
    const unknown = await t.http.get('/review/queues/APPROVED', { token: reviewer.token });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.http.post('/review/queues/NOPE/next', undefined, { token: reviewer.token })).status).toBe(404);
  });

  it('is for reviewers only: 401 without a token, 403 for other roles', async () => {
    const exporter = await registerAndLogin(t.http);
    const auditor = await staff(t, 'AUDITOR');
    for (const [method, path] of [['get', '/review/queues'], ['get', '/review/queues/INITIAL_REVIEW'], ['post', '/review/queues/INITIAL_REVIEW/next']] as const) {
      const call = (token?: string) => (method === 'get' ? t.http.get(path, { token }) : t.http.post(path, undefined, { token }));
      expect([path, (await call()).status]).toEqual([path, 401]);
      expect([path, (await call(exporter.token)).status]).toEqual([path, 403]);
      expect([path, (await call(auditor.token)).status]).toEqual([path, 403]);
    }
  });
});
