import type { Browser, Page } from 'playwright-core';
import { registerAccount } from '@shtc/accounts';
import { EVENT_STORE } from '@shtc/event-store';
import { ManualClock } from '@shtc/platform';
import { FILING_FORM, FIVE_DOCUMENTS, PASSWORD, businessNumber, startApp, type TestApp } from '@shtc/testing';
import { samplePdf } from '../../../../libs/attachments/src/testing/sample-files';
import { launchChromium, personIn, screenshot, seriousAccessibilityFaults } from '../../../../test/support/browser';

jest.setTimeout(180_000);

/**
 * The console in Debian's Chromium (issue 13): one case from filing through submission, a
 * supplement, an inter-agency consultation, second review and approval to a licence, using the
 * console alone (the accounts are made beforehand: applicants register through the API, staff by
 * the CLI's own call), then an auditor reads it in the timeline. Every page is checked by axe-core
 * (no serious or critical fault) and photographed at 1366×768 into test-artifacts/console/, and
 * no page may break its Content-Security-Policy.
 */
describe('console in a browser: a case from filing to licence', () => {
  let t: TestApp;
  let browser: Browser;
  let caseNo: string;
  let applicant: { page: Page; problems: string[]; businessId: string };
  let alice: { page: Page; problems: string[]; businessId: string };
  let bob: { page: Page; problems: string[]; businessId: string };
  let auditor: { page: Page; problems: string[]; businessId: string };
  const checked: string[] = [];

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2026-12-30T09:00:00+08:00') });
    browser = await launchChromium();
    const person = async (businessId: string) => ({ ...(await personIn(browser)), businessId });
    // People with names, as the screenshots show them: an exporter registered through the API, staff as the CLI creates them.
    const exporter = businessNumber();
    const registered = await t.http.post('/auth/register', { businessId: exporter, kind: 'COMPANY', name: 'Formosa Photonics Co., Ltd.', email: 'export@formosa.example', password: PASSWORD });
    expect(registered.status).toBe(201);
    applicant = await person(exporter);
    alice = await person(await staffNamed('REVIEWER', '林美華 Lin Mei-hua'));
    bob = await person(await staffNamed('REVIEWER', '陳志明 Chen Chih-ming'));
    auditor = await person(await staffNamed('AUDITOR', '王淑芬 Wang Shu-fen'));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    // No page broke its Content-Security-Policy, or threw.
    for (const who of [applicant, alice, bob, auditor]) expect(who.problems).toEqual([]);
  });

  async function staffNamed(role: 'REVIEWER' | 'AUDITOR', name: string): Promise<string> {
    const businessId = `${role[0]}${businessNumber()}`;
    await registerAccount(
      t.app.get(EVENT_STORE),
      { businessId, kind: 'STAFF', role, name, email: `${businessId.toLowerCase()}@boft.example`, password: PASSWORD },
      { now: t.clock.now(), correlationId: `browser-${businessId}` },
    );
    return businessId;
  }

  /** The page as it is now: photographed, and free of serious or critical accessibility faults. */
  async function check(page: Page, name: string, options: { top?: boolean; full?: boolean } = {}) {
    await page.waitForLoadState('load');
    if (options.top) await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, name);
    // The whole page too, for what lies below the first screen.
    if (options.full) await screenshot(page, `${name}.full`, { fullPage: true });
    expect({ page: name, faults: await seriousAccessibilityFaults(page) }).toEqual({ page: name, faults: [] });
    checked.push(name);
  }

  const url = (path: string) => `${t.baseUrl}${path}`;
  const text = (page: Page) => page.locator('main').innerText();

  async function signIn(who: { page: Page; businessId: string }, landing: RegExp) {
    await who.page.goto(url('/console/login'));
    await who.page.fill('#businessId', who.businessId);
    await who.page.fill('#password', PASSWORD);
    await who.page.click('form[action="/console/login"] button[type="submit"]');
    await who.page.waitForURL(landing);
  }

  async function upload(page: Page, type: string) {
    await page.selectOption('#upload-type', type);
    await page.setInputFiles('#upload-file', { name: `${type.toLowerCase()}.pdf`, mimeType: 'application/pdf', buffer: samplePdf(`${type} of the case`) });
    // The page's script sends the form with a progress bar, then goes to the page the server redirected to.
    await Promise.all([page.waitForEvent('load'), page.click('form[data-upload] button[type="submit"]')]);
    expect(page.url()).toMatch(/done=attach/);
  }

  /** Opens a decision's form, fills it, asks to confirm, and confirms: the page after it. */
  async function decide(page: Page, action: string, fill: () => Promise<void>, photo?: string) {
    const panel = `#action-${action}`;
    if ((await page.locator(`${panel}[open]`).count()) === 0) await page.click(`${panel} > summary`);
    await fill();
    await Promise.all([page.waitForURL(new RegExp(`/actions/${action}#action-${action}$`)), page.click(`${panel} form button.primary`)]);
    await page.locator(`${panel}.confirm`).waitFor();
    if (photo) await check(page, photo);
    await Promise.all([page.waitForURL(new RegExp(`done=${action}`)), page.click(`${panel} button[value="execute"]`)]);
  }

  /** Claims the case when the page offers it (a case coming back from a supplement or a consultation may be unassigned). */
  async function claimIfOffered(page: Page) {
    if ((await page.locator('button[accesskey="c"]').count()) > 0) await Promise.all([page.waitForURL(/done=claim/), page.click('button[accesskey="c"]')]);
  }

  it('lets an applicant sign in, file a case, upload its documents and submit it', async () => {
    const { page } = applicant;
    await page.goto(url('/console/login'));
    await check(page, '01-sign-in');
    await signIn(applicant, /\/console\/applications$/);
    await check(page, '02-applicant-my-cases');

    await page.click('a[href="/console/applications/new"]');
    for (const [name, value] of Object.entries(FILING_FORM)) {
      if (name === 'route' || name === 'partialShipments') await page.check(`input[name="${name}"][value="${value}"]`);
      else if (name === 'consignee.sameAsBuyer') await page.check(`input[name="${name}"]`);
      else await page.fill(`[name="${name}"]`, value);
    }
    await check(page, '03-applicant-filing-form', { top: true, full: true });
    await Promise.all([page.waitForURL(/done=file/), page.click('form[action="/console/applications"] > button[type="submit"]')]);
    caseNo = decodeURIComponent(/applications\/([^?]+)\?/.exec(page.url())![1]);
    expect(await text(page)).toContain('尚缺文件 Still missing：5');
    await check(page, '04-applicant-case-registered', { full: true });

    for (const type of FIVE_DOCUMENTS) await upload(page, type);
    expect(await text(page)).toContain('應備文件皆已上傳，可以送件。');
    await page.fill('#submit-endUse', 'Optical test benches for telecom research');
    await Promise.all([page.waitForURL(/done=submit/), page.click('form[action*="/actions/submit"] button')]);
    expect(await text(page)).toContain('初審中 Initial review');
    await check(page, '05-applicant-case-submitted');
  });

  it('lets a reviewer work the queue by keyboard, claim the case and ask for a document, confirming it', async () => {
    const { page } = alice;
    await signIn(alice, /\/console\/review$/);
    await check(page, '06-reviewer-queue');
    await page.keyboard.press('j');
    expect(await page.evaluate("document.activeElement.classList.contains('case-link')")).toBe(true);
    // n: "claim next case" (also its accesskey, Alt+N in Chromium).
    await Promise.all([page.waitForURL(/done=claim/), page.keyboard.press('n')]);
    expect(page.url()).toContain(caseNo);
    await check(page, '07-reviewer-case', { full: true });

    await decide(
      page,
      'request-supplement',
      async () => {
        await page.check('#action-request-supplement input[value="BUSINESS_LICENCE"]');
        await page.fill('#request-supplement-message', '請補最終使用者營業執照影本 Please upload the end user\'s business licence');
        await page.fill('#request-supplement-replyBy', '2027-01-15');
      },
      '08-reviewer-confirm-supplement',
    );
    expect(await text(page)).toContain('補件 Awaiting documents');
  });

  it('lets the applicant see what is missing, upload it and send the supplement back', async () => {
    const { page } = applicant;
    await page.goto(url(`/console/applications/${caseNo}`));
    expect(await text(page)).toContain('公司營業執照影本 Copy of the end user\'s business licence\n尚缺 Missing');
    await check(page, '09-applicant-supplement-asked');
    await upload(page, 'BUSINESS_LICENCE');
    await page.fill('#supplement-note', 'The business licence is uploaded.');
    await Promise.all([page.waitForURL(/done=supplement/), page.click('form[action*="/actions/supplement"] button')]);
    expect(await text(page)).toContain('初審中 Initial review');
  });

  it('lets the reviewer refer the case to consultation, record the reply and forward it', async () => {
    const { page } = alice;
    await page.goto(url(`/console/review/cases/${caseNo}`));
    await claimIfOffered(page);
    await decide(page, 'refer-consultation', () => page.fill('#refer-consultation-agencies', 'MND 2027-01-20'));
    expect(await text(page)).toContain('協查中 Consultation');
    await check(page, '10-reviewer-consultation');
    await decide(page, 'consultation-reply', async () => {
      await page.check('#action-consultation-reply input[value="NO_OBJECTION"]');
      await page.fill('#consultation-reply-note', 'No objection from the Ministry of National Defense');
    });
    await claimIfOffered(page);
    await decide(
      page,
      'forward',
      async () => {
        await page.check('#action-forward input[value="APPROVE"]');
        await page.fill('#forward-note', 'Parties and goods check out; MND has no objection');
      },
      '11-reviewer-confirm-forward',
    );
    expect(await text(page)).toContain('複審中 Second review');
    // R-REV-3: the reviewer who forwarded it is offered no approval.
    expect(await page.locator('#action-approve').count()).toBe(0);
  });

  it('lets a second reviewer take it from the second-review queue and approve it, issuing a licence', async () => {
    const { page } = bob;
    await signIn(bob, /\/console\/review$/);
    await page.click('a[href*="queue=SECOND_REVIEW"]');
    await check(page, '12-reviewer-second-review-queue');
    await Promise.all([page.waitForURL(/done=claim/), page.click('button[accesskey="n"]')]);
    await decide(page, 'approve', () => page.fill('#approve-note', 'Approved as recommended'), '13-reviewer-confirm-approval');
    const shown = await text(page);
    expect(shown).toContain('准件結案 Approved');
    expect(shown).toMatch(/LIC-\d{4}-\d{6}/);
    await check(page, '14-reviewer-approved');
  });

  it('lets an auditor read the case in its timeline, as it stood at any event, and check its integrity', async () => {
    const { page } = auditor;
    await signIn(auditor, /\/console\/audit$/);
    await check(page, '15-audit-home');
    await page.fill('#caseNo', caseNo);
    await Promise.all([page.waitForURL(new RegExp(`/console/audit/cases/${caseNo}$`)), page.click('form[action="/console/audit"] button')]);
    const timeline = await text(page);
    for (const step of ['CaseRegistered', 'SupplementRequested', 'SupplementProvided', 'CaseReferredToConsultation', 'ConsultationReplyRecorded', 'ForwardedToSecondReview', 'CaseApproved', 'LicenceIssued']) {
      expect(timeline).toContain(step);
    }
    expect(timeline).toContain(`審查人員 ${bob.businessId}`);
    expect(timeline).toContain(`Reviewer ${bob.businessId}`);
    expect(timeline).toContain('完整，未遭竄改 Valid: every chain holds');
    await check(page, '16-audit-timeline', { full: true });

    await page.selectOption('#revision', '0');
    await Promise.all([page.waitForURL(/revision=0/), page.click('form[action$="#state"] button.primary')]);
    expect(await page.locator('#state').innerText()).toContain('登錄中 Registered');
    await check(page, '17-audit-state-as-of');

    const pdf = await page.request.get(url(`/console/audit/cases/${caseNo}/timeline.pdf`));
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    const csv = await page.request.get(url(`/console/audit/cases/${caseNo}/timeline.csv`));
    expect([csv.status(), (await csv.text()).includes('CaseApproved')]).toEqual([200, true]);

    await page.goto(url('/console/audit/integrity'));
    await Promise.all([page.waitForURL(/run=1/), page.click('form[action="/console/audit/integrity"] button')]);
    expect(await text(page)).toContain('完整，未遭竄改 Valid: every chain holds');
    await check(page, '18-audit-integrity');
  });

  it('warns a minute before the 20 idle minutes are up, and keeps the session when asked (R-ACC-3)', async () => {
    const { page } = applicant;
    // The page's script counts real minutes: the browser's clock is run forward instead of waiting.
    await page.clock.install();
    await page.goto(url(`/console/applications/${caseNo}`));
    const warning = page.locator('#session-warning');
    await page.clock.runFor(18 * 60 * 1000);
    expect(await warning.isVisible()).toBe(false);
    await page.clock.runFor(60 * 1000 + 1000);
    expect(await warning.innerText()).toContain('系統將於 1 分鐘後自動登出');
    await check(page, '19-session-warning');
    await Promise.all([page.waitForResponse(/\/console\/session$/), warning.locator('button').click()]);
    await page.clock.runFor(1000);
    expect(await warning.isVisible()).toBe(false);
  });

  it('shows the applicant its licence, and finds the case by receipt number and by date', async () => {
    const { page } = applicant;
    await page.goto(url(`/console/applications/${caseNo}`));
    expect(await text(page)).toMatch(/許可證號碼 Licence no\.\s+LIC-\d{4}-\d{6}/);
    await check(page, '20-applicant-approved', { full: true });
    await page.goto(url('/console/applications'));
    await page.fill('#receiptNo', caseNo);
    await Promise.all([page.waitForURL(/receiptNo=/), page.click('form:has(#receiptNo) button')]);
    expect(await text(page)).toContain('准件結案 Approved');
    await page.fill('#from', '2026-12-30');
    await page.fill('#to', '2026-12-30');
    await Promise.all([page.waitForURL(/from=2026-12-30/), page.click('form:has(#from) button')]);
    expect(await page.locator(`a.case-link:text("${caseNo}")`).count()).toBe(1);
    await check(page, '21-applicant-lookup');
    // A page this role may not see is a page too, and accessible.
    await page.goto(url('/console/review'));
    await check(page, '22-not-allowed');
    expect(checked.length).toBe(22);
  });
});
