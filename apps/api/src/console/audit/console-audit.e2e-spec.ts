import { ManualClock } from '@shtc/platform';
import { ConsoleClient, givenLicence, registerAndLogin, staffLogin, startApp, textOf, type TestApp } from '@shtc/testing';

/**
 * The auditor's pages (issue 13): a case's timeline with its actors in both languages, the case
 * as it stood after any of its events, the integrity check and the timeline's CSV; read-only,
 * and closed to other roles (403) as the API's /audit routes are.
 */
describe('console: auditors', () => {
  let t: TestApp;
  let auditor: ConsoleClient;
  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2026-12-30T09:00:00+08:00') });
    const { businessId } = await staffLogin(t, 'AUDITOR');
    auditor = new ConsoleClient(t.baseUrl);
    await auditor.signIn(businessId);
  });
  afterAll(async () => t.close());

  it('shows a case\'s timeline, the case at any of its events, and its integrity', async () => {
    const applicant = await registerAndLogin(t.http);
    const { caseNo, licenceNo } = await givenLicence(t, applicant, { issuedAt: '2026-12-30T09:00:00+08:00', validUntil: '2027-06-29' });
    const home = await auditor.get(`/console/audit?caseNo=${caseNo}`);
    expect([home.status, home.location]).toEqual([303, `/console/audit/cases/${caseNo}`]);

    const page = await auditor.get(home.location!);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('案件歷程 Case timeline');
    expect(text).toContain('審查人員 R-SEED-2'); // the actor, in Chinese and English
    expect(text).toContain('Reviewer R-SEED-2');
    expect(page.html).toContain(`licence-${licenceNo}`);
    // By default the case as it stands now: approved, no action open to anyone.
    expect(text).toMatch(/狀態 Status 准件結案 Approved 版本 Revision r8/);
    expect(text).toContain('完整，未遭竄改 Valid: every chain holds');

    const registered = await auditor.get(`/console/audit/cases/${caseNo}?revision=0`);
    expect(textOf(registered.html)).toMatch(/狀態 Status 登錄中 Registered 版本 Revision r0/);
    expect(textOf(registered.html)).toContain('之後另有 later 8');
    expect(registered.html).toMatch(/<option value="0" selected>/);
    const submitted = await auditor.get(`/console/audit/cases/${caseNo}?asOf=2026-12-30T09:00`);
    expect(textOf(submitted.html)).toContain('准件結案 Approved');
    const wrong = await auditor.get(`/console/audit/cases/${caseNo}?revision=99`);
    expect(textOf(wrong.html)).toContain('the case has revisions 0 to 8');

    const csv = await auditor.get(`/console/audit/cases/${caseNo}/timeline.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.html).toContain('CaseApproved');
  });

  it('runs the integrity check over the whole log when asked', async () => {
    const page = await auditor.get('/console/audit/integrity?run=1');
    expect(textOf(page.html)).toContain('完整，未遭竄改 Valid: every chain holds');
    const unknown = await auditor.get('/console/audit/integrity?run=1&stream=case-NOPE');
    expect(textOf(unknown.html)).toContain('No stream case-NOPE');
  });

  it('offers an auditor no form but signing out, and no audit page to a reviewer', async () => {
    const applicant = await registerAndLogin(t.http);
    const { caseNo } = await givenLicence(t, applicant, { issuedAt: '2026-12-30T09:00:00+08:00', validUntil: '2027-06-29' });
    const page = await auditor.get(`/console/audit/cases/${caseNo}`);
    expect([...page.html.matchAll(/<form method="post" action="([^"]+)"/g)].map((match) => match[1])).toEqual(['/console/logout']);
    const reviewer = await staffLogin(t, 'REVIEWER');
    const browser = new ConsoleClient(t.baseUrl);
    await browser.signIn(reviewer.businessId);
    expect((await browser.get(`/console/audit/cases/${caseNo}`)).status).toBe(403);
  });
});
