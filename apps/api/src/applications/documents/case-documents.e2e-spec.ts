import { redFlagChecklist } from '@shtc/reference-data';
import {
  FIVE_DOCUMENTS,
  assuranceBody,
  exemptBody,
  fetchPdf,
  fileApplication,
  pdfWords,
  registerAndLogin,
  staffLogin,
  standardBody,
  startApp,
  upload,
  type TestApp,
} from '@shtc/testing';
import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';

jest.setTimeout(60_000);

const HOSTILE = 'Mainz <script>alert(1)</script> Logistics AG';

/**
 * R-NEW-2: a case's applicant downloads the end-use assurance (buyer or consignee version) for
 * the end user to sign, and the red-flag affidavit to check, sign and stamp. Both are PDFs in
 * Traditional Chinese and English, printed from the case as its events tell it; seen as the case
 * is (R-ACC-5). One app, and so one browser, for the whole spec.
 */
describe('GET /applications/:caseNo/documents (R-NEW-2)', () => {
  let t: TestApp;
  let applicant: { businessId: string; token: string };
  let caseNo: string;
  const assurance = (version: string, token = applicant.token, no = caseNo) => fetchPdf(t.baseUrl, `/applications/${no}/documents/end-use-assurance.pdf?version=${version}`, token);
  const affidavit = (token = applicant.token, no = caseNo) => fetchPdf(t.baseUrl, `/applications/${no}/documents/red-flag-affidavit.pdf`, token);

  beforeAll(async () => {
    t = await startApp();
    applicant = await registerAndLogin(t.http);
    const body = standardBody({ consignee: { name: HOSTILE, address: 'Hafenstrasse 9, 55118 Mainz', country: 'DE' } });
    ({ caseNo } = await fileApplication(t.http, applicant.token, body));
  });
  afterAll(async () => t.close());

  it('prints the end-use assurance in its buyer version: registration number, exporter, parties, goods and the end user\'s signature block', async () => {
    const answer = await assurance('BUYER');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('content-disposition')).toBe(`inline; filename="${caseNo}-end-use-assurance-buyer.pdf"`);
    expect(answer.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfWords(answer.pdf);
    for (const words of [
      '最終用途保證書', 'WRITTEN ASSURANCE OF END USES', '買方版 Buyer version', `登錄編號 Registration No. ${caseNo}`,
      `Company ${applicant.businessId}`, '買方 Buyer', 'Rhein Optics GmbH', 'Hauptstrasse 1, 55116 Mainz', '最終使用人 End user',
      'Single-mode fibre laser module', '85414100001', '5A002.a', '100.5 PCE', '12000 USD', 'SGSIN',
      '簽名 Signature', '公司印章',
    ]) expect(text).toContain(words);
    // The buyer version presents the buyer: the consignee is not on it.
    expect(text).not.toContain('Logistics AG');
  });

  it('prints the consignee version with the consignee, whose name with markup in it prints as text', async () => {
    const answer = await assurance('CONSIGNEE');
    expect(answer.status).toBe(200);
    const text = pdfWords(answer.pdf);
    expect(text).toContain('收貨人版 Consignee version');
    expect(text).toContain(HOSTILE);
  });

  it('prints the red-flag affidavit: every item of the checklist, the parties and the applicant\'s stamp block', async () => {
    const answer = await affidavit();
    expect(answer.status).toBe(200);
    const text = pdfWords(answer.pdf);
    for (const words of ['紅色警戒清單(異常交易)檢核切結書', `收件編號 Receipt No. ${caseNo}`, 'Rhein Optics GmbH', HOSTILE, 'Single-mode fibre laser module', '申請人 Applicant', '公司印章及負責人印章']) {
      expect(text).toContain(words);
    }
    for (const item of redFlagChecklist().items) {
      expect(text).toContain(item.zh);
      expect(text).toContain(item.en);
    }
  });

  it('answers the same document for the same revision, and a new one once the case changed (the end use given at submission)', async () => {
    const before = await assurance('BUYER');
    const again = await assurance('BUYER');
    expect(again.headers.get('etag')).toBe(before.headers.get('etag'));
    expect(again.pdf.equals(before.pdf)).toBe(true);
    expect(pdfWords(before.pdf)).toContain('請以英文填寫具體最終用途');

    for (const type of FIVE_DOCUMENTS) expect((await upload(t.baseUrl, applicant.token, caseNo, type, samplePdf(type))).status).toBe(201);
    const endUse = 'Optical test benches for telecom research';
    expect((await t.http.post(`/applications/${caseNo}/submit`, { endUse }, { token: applicant.token })).status).toBe(200);
    const after = await assurance('BUYER');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(pdfWords(after.pdf)).toContain(endUse);
  });

  it('refuses a version other than BUYER or CONSIGNEE, naming the field (400)', async () => {
    for (const query of ['version=SELLER', '']) {
      const refused = await fetchPdf(t.baseUrl, `/applications/${caseNo}/documents/end-use-assurance.pdf?${query}`, applicant.token);
      expect(refused.status).toBe(400);
      expect(refused.problem.errors).toEqual([{ field: 'version', message: 'version must be BUYER or CONSIGNEE', rule: 'R-NEW-2' }]);
    }
  });

  it('shows another applicant\'s case to nobody else (404), and every case to reviewers and auditors (R-ACC-5)', async () => {
    const stranger = await registerAndLogin(t.http);
    for (const answer of [await assurance('BUYER', stranger.token), await affidavit(stranger.token)]) {
      expect(answer.status).toBe(404);
      expect(answer.problem).toMatchObject({ status: 404, rule: 'R-ACC-5' });
    }
    expect((await assurance('BUYER', applicant.token, 'SHTC-2026-999999')).status).toBe(404);
    for (const role of ['REVIEWER', 'AUDITOR'] as const) {
      const { token } = await staffLogin(t, role);
      expect((await assurance('CONSIGNEE', token)).status).toBe(200);
      expect((await affidavit(token)).status).toBe(200);
    }
    const customs = await staffLogin(t, 'CUSTOMS');
    expect((await affidavit(customs.token)).status).toBe(403);
    expect((await fetchPdf(t.baseUrl, `/applications/${caseNo}/documents/red-flag-affidavit.pdf`)).status).toBe(401);
  });

  it('has no end-use assurance for an exempt case (R-EXEMPT-1) nor an Iran/North Korea one (its registered assurance, R-IRNK-1); both have the affidavit', async () => {
    const exempt = await fileApplication(t.http, applicant.token, exemptBody());
    const refusedExempt = await assurance('BUYER', applicant.token, exempt.caseNo);
    expect(refusedExempt.status).toBe(422);
    expect(refusedExempt.problem).toMatchObject({ rule: 'R-EXEMPT-1' });
    expect((await affidavit(applicant.token, exempt.caseNo)).status).toBe(200);

    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token: applicant.token })).body;
    const iran = await fileApplication(t.http, applicant.token, { ...assuranceBody(), kind: 'NEW', route: 'IRAN_NK', assuranceNo, partialShipments: false });
    const refusedIran = await assurance('BUYER', applicant.token, iran.caseNo);
    expect(refusedIran.status).toBe(422);
    expect(refusedIran.problem).toMatchObject({ rule: 'R-IRNK-1', detail: expect.stringContaining(`/assurances/${assuranceNo}/document.pdf`) });
    const iranAffidavit = await affidavit(applicant.token, iran.caseNo);
    expect(pdfWords(iranAffidavit.pdf)).toContain('輸往伊朗、北韓 Iran or North Korea');
  });
});
