import { ManualClock } from '@shtc/platform';
import type { CaseEvent } from '@shtc/domain';
import { ConsoleClient, given, registerAndLogin, seededCaseNo, staffLogin, startApp, submittedCase, textOf, type TestApp } from '@shtc/testing';

/**
 * The reviewer's pages (issue 13) over plain HTTP, as a browser without script sends them: the
 * queues with their counts, "next case", a case page offering exactly the decisions the
 * transition table allows, each confirmed before it runs, and a refusal shown on its form with
 * what was typed. (The browser suite, console.browser.e2e-spec.ts, drives the same in Chromium.)
 */
describe('console: reviewers', () => {
  let t: TestApp;
  let alice: ConsoleClient;
  let bob: ConsoleClient;
  let aliceId: string;

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2026-12-30T09:00:00+08:00') });
    const a = await staffLogin(t, 'REVIEWER');
    const b = await staffLogin(t, 'REVIEWER');
    aliceId = a.businessId;
    alice = new ConsoleClient(t.baseUrl);
    bob = new ConsoleClient(t.baseUrl);
    await alice.signIn(a.businessId);
    await bob.signIn(b.businessId);
  });
  afterAll(async () => t.close());

  async function submittedNow(): Promise<string> {
    const applicant = await registerAndLogin(t.http);
    const caseNo = seededCaseNo();
    await given(t, submittedCase(caseNo, applicant, t.clock.now().toISOString()));
    return caseNo;
  }

  const formsOn = (html: string) => [...html.matchAll(/action="[^"]*\/actions\/([a-z-]+)[#"]/g)].map((match) => match[1]);

  it('lists a queue soonest due first, with its count, days left and flags', async () => {
    const caseNo = await submittedNow();
    const page = await alice.get('/console/review');
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('審查佇列 Review queues');
    expect(text).toMatch(/初審 Initial review \d+/);
    expect(page.html).toContain(`>${caseNo}</a>`);
    expect(text).toContain('2027-01-11'); // 7 working days after 2026-12-30, New Year's Day and a weekend skipped (R-REV-4)
    const filtered = await alice.get('/console/review?queue=INITIAL_REVIEW&destination=JP');
    expect(filtered.html).not.toContain(`>${caseNo}</a>`);
    const invalid = await alice.get('/console/review?queue=INITIAL_REVIEW&destination=germany');
    expect(textOf(invalid.html)).toContain('destination must be a country code of two capital letters');
  });

  it('claims the next case, then offers exactly the decisions the transition table allows', async () => {
    await submittedNow();
    const queue = await alice.get('/console/review?queue=INITIAL_REVIEW');
    const claimed = await alice.post('/console/review/next', { queue: 'INITIAL_REVIEW' }, queue.html);
    expect(claimed.status).toBe(303);
    const caseNo = decodeURIComponent(/cases\/([^?]+)\?done=claim/.exec(claimed.location!)![1]);
    const page = await alice.get(claimed.location!);
    expect(textOf(page.html)).toContain('已認領本案。 The case is yours now.');
    // allowedActions for the assignee in initial review: reassign, request-supplement, refer-consultation, forward, close-for-amendment, reject, cancel, notes (release beside them).
    expect(formsOn(page.html)).toEqual(['release', 'reassign', 'request-supplement', 'refer-consultation', 'forward', 'close-for-amendment', 'reject', 'cancel', 'notes']);
    expect(page.html).toContain(`/console/cases/${caseNo}/attachments/`);

    // Another reviewer sees it claimed: no decision but reassigning (and notes).
    const other = await bob.get(`/console/review/cases/${caseNo}`);
    expect(formsOn(other.html)).toEqual(['reassign', 'cancel', 'notes']);
  });

  it('asks to confirm a decision before it runs, then runs it through the API\'s own service', async () => {
    const caseNo = await submittedNow();
    const path = `/console/review/cases/${caseNo}`;
    let page = await alice.get(path);
    const claim = await alice.post(`${path}/actions/claim`, {}, page.html);
    expect(claim.status).toBe(303);
    page = await alice.get(path);
    const preview = await alice.post(`${path}/actions/forward`, { recommendation: 'APPROVE', note: 'Parties and goods check out' }, page.html);
    expect(preview.status).toBe(200);
    expect(textOf(preview.html)).toContain('請確認以下內容後送出');
    expect(textOf(preview.html)).toContain('建議核准 Recommend approval');
    expect((await t.http.get(`/review/cases/${caseNo}`, { token: alice.cookies.get('shtc_session') })).body.status).toBe('INITIAL_REVIEW');

    const done = await alice.post(`${path}/actions/forward`, { recommendation: 'APPROVE', note: 'Parties and goods check out', step: 'execute' }, preview.html);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${path}?done=forward#top`);
    const after = await alice.get(done.location!);
    expect(textOf(after.html)).toContain('已移送複審。 Forwarded to second review.');
    expect(textOf(after.html)).toContain('複審中 Second review');
    // R-REV-3: the reviewer who forwarded it is offered no approval; another reviewer is.
    expect(formsOn(after.html)).not.toContain('approve');
    const second = await bob.get(path);
    const bobClaims = await bob.post(`${path}/actions/claim`, {}, second.html);
    expect(bobClaims.status).toBe(303);
    expect(formsOn((await bob.get(path)).html)).toContain('approve');
  });

  it('shows a refusal on the form with what was typed, naming its rule in both languages', async () => {
    const caseNo = await submittedNow();
    const path = `/console/review/cases/${caseNo}`;
    let page = await alice.get(path);
    await alice.post(`${path}/actions/claim`, {}, page.html);
    page = await alice.get(path);
    // A reply date that is no date: the API refuses it (R-REV-5) and the form keeps the rest.
    const refused = await alice.post(`${path}/actions/request-supplement`, { documents: ['BUSINESS_LICENCE', 'CATALOGUE'], message: '請補 <b>營業執照</b>', replyBy: '2027-02-30', step: 'execute' }, page.html);
    expect(refused.status).toBe(400);
    const text = textOf(refused.html);
    expect(text).toContain('R-REV-5');
    expect(text).toContain('補件後回到原審查階段');
    expect(text).toContain('replyBy must be a date YYYY-MM-DD');
    expect(refused.html).toContain('請補 &lt;b&gt;營業執照&lt;/b&gt;'); // escaped, kept
    expect(refused.html).toMatch(/value="BUSINESS_LICENCE" checked/);
    expect(refused.html).toMatch(/value="CATALOGUE" checked/);
    expect(refused.html).not.toMatch(/value="END_USE_ASSURANCE" checked/);
    expect(refused.html).toMatch(/id="action-request-supplement" open/);
  });

  it('refuses a decision the case\'s status does not allow, whatever the browser sends (409, R-REV-3)', async () => {
    const caseNo = await submittedNow();
    const path = `/console/review/cases/${caseNo}`;
    const page = await alice.get(path);
    const approve = await alice.post(`${path}/actions/approve`, { note: 'forged', step: 'execute' }, page.html);
    expect(approve.status).toBe(409);
    expect(textOf(approve.html)).toContain('R-REV-3');
    expect(textOf(approve.html)).toContain('approve is open only while SECOND_REVIEW');
  });

  it('flags a screening hit in the queue, and records its disposition on the case page, confirmed (R-REV-7)', async () => {
    const applicant = await registerAndLogin(t.http);
    const caseNo = seededCaseNo();
    const seeded = submittedCase(caseNo, applicant, t.clock.now().toISOString());
    const hit = { hitId: 'hit-1', party: 'END_USER', name: 'Rhein Optics GmbH', listedName: 'Rhein Optik GmbH', source: 'EU-SANCTIONS', listEntryId: 'e-7', score: 0.91 };
    (seeded.events as CaseEvent[]).push({ type: 'PartiesScreened', data: { lists: ['EU-SANCTIONS@2026-12-01#abc'], hits: [hit], screenedAt: t.clock.now().toISOString(), by: { accountId: 'admin', role: 'ADMIN', businessId: 'ADMIN' } } } as CaseEvent);
    await given(t, seeded);

    const queue = await alice.get('/console/review?queue=INITIAL_REVIEW&flag=SCREENING_HIT');
    expect(queue.html).toContain(`>${caseNo}</a>`);
    expect(textOf(queue.html)).toContain('名單比對疑似 Screening hit');
    const path = `/console/review/cases/${caseNo}`;
    let page = await alice.get(path);
    expect(textOf(page.html)).toContain('Rhein Optik GmbH');
    expect(textOf(page.html)).toContain('91%');
    await alice.post(`${path}/actions/claim`, {}, page.html);
    page = await alice.get(path);
    const fields = { hitId: 'hit-1', hitName: 'Rhein Optics GmbH / Rhein Optik GmbH', disposition: 'FALSE_MATCH', reason: 'Registered in Mainz since 1998; the listed one is another company' };
    const confirm = await alice.post(`${path}/actions/screening`, fields, page.html);
    expect(textOf(confirm.html)).toContain('誤判（不相符） False match');
    const done = await alice.post(`${path}/actions/screening`, { ...fields, step: 'execute' }, confirm.html);
    expect(done.status).toBe(303);
    const after = await alice.get(done.location!);
    expect(textOf(after.html)).toContain('已登錄判定。 Disposition recorded.');
    expect((await t.http.get(`/review/cases/${caseNo}/screening`, { token: alice.cookies.get('shtc_session') })).body.items[0]).toMatchObject({ hitId: 'hit-1', disposition: 'FALSE_MATCH' });
  });

  it('serves the case\'s documents with the session cookie, and no page to another role', async () => {
    const caseNo = await submittedNow();
    const page = await alice.get(`/console/review/cases/${caseNo}`);
    const href = /<object class="preview" data="(\/console\/cases\/[^"]+\/attachments\/[^"]+)"/.exec(page.html)![1];
    const pdf = await alice.get(href);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^inline;/);
    const applicant = await registerAndLogin(t.http);
    const browser = new ConsoleClient(t.baseUrl);
    await browser.signIn(applicant.businessId);
    expect((await browser.get(`/console/review/cases/${caseNo}`)).status).toBe(403);
    expect((await browser.get(href)).status).toBe(404); // not its case (R-ACC-5)
    expect((await browser.get('/console/review')).status).toBe(403);
    expect(aliceId).toBeTruthy();
  });
});
