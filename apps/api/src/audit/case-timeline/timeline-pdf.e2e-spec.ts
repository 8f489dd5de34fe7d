import { ManualClock } from '@shtc/platform';
import { fetchPdf, givenLicence, pdfWords, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

jest.setTimeout(60_000);

/**
 * Issue 11 item 5: a case's timeline as a PDF an auditor files, printed by the document renderer:
 * 案件歷程 / Case timeline, the streams of the family, when it was printed and up to which log
 * position, then every step with its time in Taipei, actor and both descriptions. Cached by the
 * family's newest event: a new event prints a new PDF.
 */
describe('GET /audit/cases/:caseNo/timeline.pdf (issue 11 item 5)', () => {
  let t: TestApp;
  let auditor: { token: string };
  let customs: { token: string };

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-01-04T09:00:00+08:00') });
    [auditor, customs] = [await staffLogin(t, 'AUDITOR'), await staffLogin(t, 'CUSTOMS')];
  });
  afterAll(async () => t.close());

  it('prints the case and its licence step by step in both languages, and prints again after a new event', async () => {
    const applicant = await registerAndLogin(t.http);
    const { caseNo, licenceNo } = await givenLicence(t, applicant, { issuedAt: '2027-01-01T02:00:00.000Z', validUntil: '2027-06-30' });
    const path = `/audit/cases/${caseNo}/timeline.pdf`;
    t.clock.advance(5 * 60_000);

    const printed = await fetchPdf(t.baseUrl, path, auditor.token);
    expect(printed.status).toBe(200);
    expect(printed.headers.get('content-type')).toBe('application/pdf');
    expect(printed.headers.get('content-disposition')).toBe(`inline; filename="timeline-${caseNo}.pdf"`);
    expect(printed.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { items } = (await t.http.get(`/audit/cases/${caseNo}/timeline?limit=500`, { token: auditor.token })).body;
    const text = pdfWords(printed.pdf);
    for (const words of [
      '案件歷程', 'Case timeline', `收件編號 Receipt No. ${caseNo}`, '列印時間 Printed at 2027-01-04 09:05:00 （台北時間 Taipei time）', `紀錄位置 Log position ${items.at(-1).position}`,
      `case-${caseNo}`, `licence-${licenceNo} 核發自 issued by case-${caseNo}`,
      '審查人員 R-SEED-1 陳送複審，建議准件', 'Reviewer R-SEED-1', 'ForwardedToSecondReview', '2027-01-04 09:00:00', '1 / 2', '2 / 2',
    ]) expect(text).toContain(words);
    // Every step is a row: its Chinese and English descriptions, as the JSON timeline gives them.
    for (const entry of items) {
      expect(text).toContain(entry.description.zh);
      expect(text).toContain(entry.description.en);
    }
    expect((await fetchPdf(t.baseUrl, path, auditor.token)).headers.get('etag')).toBe(printed.headers.get('etag'));

    const declarationNo = `CC/16/${process.pid % 1000}/00002`;
    const released = await t.http.post('/customs/releases', { declarationNo, licenceNo, releasedAt: '2027-01-04T10:00:00+08:00', items: [{ itemNo: 1, quantity: '40' }] }, { token: customs.token });
    expect(released.status).toBe(200);
    const after = await fetchPdf(t.baseUrl, `${path}?after=${released.body.position}`, auditor.token);
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(printed.headers.get('etag'));
    const reprinted = pdfWords(after.pdf);
    expect(reprinted).toContain(`紀錄位置 Log position ${released.body.position}`);
    expect(reprinted).toContain('GoodsReleased');
    expect(reprinted).toContain('列印時間 Printed at 2027-01-04 09:05:00');
  });

  it('is the auditor\'s and the administrator\'s: an applicant or a reviewer gets 403, an unknown case 404', async () => {
    const applicant = await registerAndLogin(t.http);
    const { caseNo } = await givenLicence(t, applicant, { issuedAt: '2027-01-02T02:00:00.000Z', validUntil: '2027-06-30' });
    const path = `/audit/cases/${caseNo}/timeline.pdf`;
    const reviewer = await staffLogin(t, 'REVIEWER');
    expect((await fetchPdf(t.baseUrl, path, applicant.token)).status).toBe(403);
    expect((await fetchPdf(t.baseUrl, path, reviewer.token)).status).toBe(403);
    expect((await fetchPdf(t.baseUrl, path)).status).toBe(401);
    const admin = await staffLogin(t, 'ADMIN');
    expect((await fetchPdf(t.baseUrl, path, admin.token)).status).toBe(200);
    const unknown = await fetchPdf(t.baseUrl, '/audit/cases/SHTC-2026-999999/timeline.pdf', auditor.token);
    expect(unknown.status).toBe(404);
    expect(unknown.problem).toMatchObject({ rule: 'R-ACC-5' });
  });
});
