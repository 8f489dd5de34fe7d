import { ManualClock } from '@shtc/platform';
import { ConsoleClient, FILING_FORM, FIVE_DOCUMENTS, csrfOf, registerAndLogin, staffLogin, startApp, textOf, type TestApp } from '@shtc/testing';
import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';

/**
 * The applicant's pages (issue 13) over plain HTTP: filing, what is still missing, uploads with
 * the form token in the multipart body, submission, the status lookups of R-REV-6, the
 * supplement reply, and nothing of another applicant's (404, R-ACC-5).
 */
describe('console: applicants', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ clock: new ManualClock('2026-12-30T09:00:00+08:00') })));
  afterAll(async () => t.close());

  async function uploadThrough(browser: ConsoleClient, caseNo: string, type: string, content: Buffer, token?: string) {
    const page = await browser.get(`/console/applications/${caseNo}`);
    const form = new FormData();
    form.append('_csrf', token ?? csrfOf(page.html));
    form.append('type', type);
    form.append('file', new Blob([content]), `${type.toLowerCase()}.pdf`);
    return browser.send('POST', `/console/applications/${caseNo}/attachments`, form);
  }

  /** A new applicant, signed in to the console, with a case filed through its form. */
  async function filedThroughConsole() {
    const applicant = await registerAndLogin(t.http);
    const browser = new ConsoleClient(t.baseUrl);
    await browser.signIn(applicant.businessId);
    const form = await browser.get('/console/applications/new');
    const filed = await browser.post('/console/applications', FILING_FORM, form.html);
    const caseNo = decodeURIComponent(/applications\/([^?]+)\?/.exec(filed.location!)![1]);
    return { browser, caseNo };
  }

  it('files a case, lists what is missing, takes the uploads and submits it (R-NEW-1, R-NEW-4, R-REV-1)', async () => {
    const { businessId } = await registerAndLogin(t.http);
    const browser = new ConsoleClient(t.baseUrl);
    await browser.signIn(businessId);
    const form = await browser.get('/console/applications/new');
    expect(form.status).toBe(200);

    // A refusal keeps what was typed and names the rule.
    const wrong = await browser.post('/console/applications', { ...FILING_FORM, 'items.0.quantity': '1,000' }, form.html);
    expect(wrong.status).toBe(400);
    expect(textOf(wrong.html)).toContain('R-ITEM-3');
    expect(wrong.html).toContain('value="Rhein Optics GmbH"');
    expect(wrong.html).toContain('value="1,000"');

    const filed = await browser.post('/console/applications', FILING_FORM, form.html);
    expect(filed.status).toBe(303);
    const caseNo = decodeURIComponent(/applications\/([^?]+)\?/.exec(filed.location!)![1]);
    let page = await browser.get(`/console/applications/${caseNo}`);
    expect(textOf(page.html)).toContain('登錄中 Registered');
    expect(textOf(page.html)).toContain('尚缺文件 Still missing ：5');
    expect(page.html).toContain(`/console/cases/${caseNo}/documents/end-use-assurance.pdf?version&#x3D;BUYER`); // `=` escaped by Handlebars

    const forged = await uploadThrough(browser, caseNo, 'CATALOGUE', samplePdf('catalogue'), 'forged');
    expect(forged.status).toBe(403);
    for (const type of FIVE_DOCUMENTS) {
      const uploaded = await uploadThrough(browser, caseNo, type, samplePdf(type));
      expect([type, uploaded.status, uploaded.location]).toEqual([type, 303, `/console/applications/${caseNo}?done=attach#top`]);
    }
    page = await browser.get(`/console/applications/${caseNo}`);
    expect(textOf(page.html)).toContain('應備文件皆已上傳，可以送件。');

    const blank = await browser.post(`/console/applications/${caseNo}/actions/submit`, { endUse: '' }, page.html);
    expect(blank.status).toBe(400);
    expect(textOf(blank.html)).toContain('R-NEW-3');
    const submitted = await browser.post(`/console/applications/${caseNo}/actions/submit`, { endUse: 'Optical test benches for telecom research' }, page.html);
    expect(submitted.status).toBe(303);
    page = await browser.get(submitted.location!);
    expect(textOf(page.html)).toContain('已送件，案件進入初審。');
    expect(textOf(page.html)).toContain('初審中 Initial review');

    // R-REV-6: by receipt number, and by a range of application dates.
    const lookup = await browser.get(`/console/applications?receiptNo=${caseNo}`);
    expect(textOf(lookup.html)).toMatch(new RegExp(`${caseNo} 狀態 Status 初審中 Initial review`));
    const range = await browser.get('/console/applications?from=2026-12-30&to=2026-12-30');
    expect(range.html).toContain(`>${caseNo}</a>`);
    const before = await browser.get('/console/applications?from=2026-12-01&to=2026-12-29');
    expect(before.html).not.toContain(`>${caseNo}</a>`);

    // Another applicant finds nothing of it.
    const other = await registerAndLogin(t.http);
    const stranger = new ConsoleClient(t.baseUrl);
    await stranger.signIn(other.businessId);
    expect((await stranger.get(`/console/applications/${caseNo}`)).status).toBe(404);
    expect(textOf((await stranger.get(`/console/applications?receiptNo=${caseNo}`)).html)).toContain('R-ACC-5');
    expect((await stranger.get(`/console/cases/${caseNo}/documents/red-flag-affidavit.pdf`)).status).toBe(404);
  });

  it('shows what a reviewer asked for, takes it, and sends the supplement back (R-REV-5)', async () => {
    const { browser, caseNo } = await filedThroughConsole();
    for (const type of FIVE_DOCUMENTS) await uploadThrough(browser, caseNo, type, samplePdf(type));
    let page = await browser.get(`/console/applications/${caseNo}`);
    await browser.post(`/console/applications/${caseNo}/actions/submit`, { endUse: 'Optical test benches for telecom research' }, page.html);

    const reviewer = await staffLogin(t, 'REVIEWER');
    expect((await t.http.post(`/review/cases/${caseNo}/claim`, {}, { token: reviewer.token })).status).toBe(200);
    const asked = await t.http.post(`/review/cases/${caseNo}/request-supplement`, { documents: ['BUSINESS_LICENCE'], message: '請補最終使用者營業執照', replyBy: '2027-01-15' }, { token: reviewer.token });
    expect(asked.status).toBe(200);

    page = await browser.get(`/console/applications/${caseNo}`);
    expect(textOf(page.html)).toContain('請補最終使用者營業執照');
    expect(textOf(page.html)).toContain('公司營業執照影本 Copy of the end user\'s business licence 尚缺 Missing');
    const early = await browser.post(`/console/applications/${caseNo}/actions/supplement`, { note: 'Here it is' }, page.html);
    expect(early.status).toBe(422);
    expect(textOf(early.html)).toContain('R-REV-5');
    expect(early.html).toContain('Here it is');
    expect((await uploadThrough(browser, caseNo, 'BUSINESS_LICENCE', samplePdf('licence'))).status).toBe(303);
    page = await browser.get(`/console/applications/${caseNo}`);
    const sent = await browser.post(`/console/applications/${caseNo}/actions/supplement`, { note: 'Here it is' }, page.html);
    expect(sent.status).toBe(303);
    expect(textOf((await browser.get(sent.location!)).html)).toContain('初審中 Initial review');
  });

  it('asks to confirm before cancelling a case', async () => {
    const { browser, caseNo } = await filedThroughConsole();
    const page = await browser.get(`/console/applications/${caseNo}`);
    const confirm = await browser.post(`/console/applications/${caseNo}/actions/cancel`, { reason: 'The order was withdrawn' }, page.html);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toContain('確定取消本案？');
    expect(textOf((await browser.get(`/console/applications/${caseNo}`)).html)).toContain('登錄中 Registered');
    const done = await browser.post(`/console/applications/${caseNo}/actions/cancel`, { reason: 'The order was withdrawn', step: 'execute' }, confirm.html);
    expect(done.status).toBe(303);
    expect(textOf((await browser.get(done.location!)).html)).toContain('已取消 Cancelled');
  });
});
