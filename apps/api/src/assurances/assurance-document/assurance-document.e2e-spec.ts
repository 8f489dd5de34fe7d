import { assuranceBody, fetchPdf, pdfWords, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

jest.setTimeout(60_000);

/**
 * R-IRNK-1: the printout of a registered Iran/North Korea assurance, which the Taiwan exporter
 * signs and dates and e-mails to the foreign importer, who signs and dates it in turn (manual
 * 1.1.2 step 4). Seen as the assurance is (R-ACC-5); printed from its stream at the revision read.
 */
describe('GET /assurances/:assuranceNo/document.pdf (R-IRNK-1)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('prints the registration: number, exporter, parties, goods, and signature and date blocks for the exporter and the foreign importer', async () => {
    const applicant = await registerAndLogin(t.http);
    const buyer = { name: 'Tehran <b>Trading</b> Co.', address: '1 Azadi Street, Tehran', country: 'IR' };
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody({ buyer, consignee: { sameAsBuyer: true } }), { token: applicant.token })).body;

    const answer = await fetchPdf(t.baseUrl, `/assurances/${assuranceNo}/document.pdf`, applicant.token);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfWords(answer.pdf);
    for (const words of [
      '最終用途保證書登錄資料（輸往伊朗、北韓）', 'End-use assurance registration (Iran, North Korea)', `保證書編號 Assurance No. ${assuranceNo}`,
      `Company ${applicant.businessId}`, '伊朗', 'Tehran <b>Trading</b> Co.', '（同買方 Same as buyer）', '1 Azadi Street, Tehran',
      'Single-mode fibre laser module', '5A002.a', '100.5 PCE',
      '國內出口商 Taiwan exporter', '國外進口商 Foreign importer', '簽名 Signature', '日期 Date',
    ]) expect(text).toContain(words);
  });

  it('prints the assurance as last changed after a reviewer unlocked it: a new revision is a new document', async () => {
    const applicant = await registerAndLogin(t.http);
    const reviewer = await staffLogin(t, 'REVIEWER');
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token: applicant.token })).body;
    const before = await fetchPdf(t.baseUrl, `/assurances/${assuranceNo}/document.pdf`, applicant.token);
    expect(pdfWords(before.pdf)).toContain('100.5 PCE');

    expect((await t.http.post(`/review/assurances/${assuranceNo}/unlock`, { reason: 'The applicant called: quantity' }, { token: reviewer.token })).status).toBe(200);
    const items = (assuranceBody().items as Array<Record<string, unknown>>).map((item) => ({ ...item, quantity: '80' }));
    expect((await t.http.put(`/assurances/${assuranceNo}`, assuranceBody({ items }), { token: applicant.token })).status).toBe(200);
    const after = await fetchPdf(t.baseUrl, `/assurances/${assuranceNo}/document.pdf`, applicant.token);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(pdfWords(after.pdf)).toContain('80 PCE');
  });

  it('is another applicant\'s to nobody else (404); reviewers and auditors read it (R-ACC-5)', async () => {
    const owner = await registerAndLogin(t.http);
    const stranger = await registerAndLogin(t.http);
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token: owner.token })).body;
    const refused = await fetchPdf(t.baseUrl, `/assurances/${assuranceNo}/document.pdf`, stranger.token);
    expect(refused.status).toBe(404);
    expect(refused.problem).toMatchObject({ rule: 'R-ACC-5' });
    expect((await fetchPdf(t.baseUrl, '/assurances/IRNK-2026-999999/document.pdf', owner.token)).status).toBe(404);
    for (const role of ['REVIEWER', 'AUDITOR'] as const) {
      const { token } = await staffLogin(t, role);
      expect((await fetchPdf(t.baseUrl, `/assurances/${assuranceNo}/document.pdf`, token)).status).toBe(200);
    }
  });
});
