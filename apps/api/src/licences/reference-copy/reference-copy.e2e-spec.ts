import { ManualClock } from '@shtc/platform';
import { fetchPdf, givenLicence, pdfWords, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

jest.setTimeout(60_000);

/**
 * R-LIC-5: the licence's printable reference copy (參考用聯), for customs' fallback use while the
 * system is down: licence number (and its QR code), validity, parties, and each item's quantity,
 * shipped and balance as customs' releases left them. Read from the licence register as
 * GET /licences/:licenceNo is, by the same people.
 */
describe('GET /licences/:licenceNo/reference-copy.pdf (R-LIC-5)', () => {
  let t: TestApp;
  let customs: { token: string };
  const validUntil = '2027-06-30';

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-01-04T09:00:00+08:00') });
    customs = await staffLogin(t, 'CUSTOMS');
  });
  afterAll(async () => t.close());

  it('prints the licence with what was shipped of each item and its balance, reprinted after a release', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo, caseNo } = await givenLicence(t, holder, { issuedAt: '2027-01-01T02:00:00.000Z', validUntil });
    const path = `/licences/${licenceNo}/reference-copy.pdf`;

    const issued = await fetchPdf(t.baseUrl, path, holder.token);
    expect(issued.status).toBe(200);
    expect(issued.headers.get('content-type')).toBe('application/pdf');
    expect(issued.headers.get('content-disposition')).toBe(`inline; filename="${licenceNo}-reference-copy.pdf"`);
    expect(issued.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfWords(issued.pdf);
    for (const words of [
      '輸出許可證 參考用聯', 'SHTC export licence: reference copy', `證書號碼 Licence No. ${licenceNo}`, `收件編號 Receipt No. ${caseNo}`,
      '有效 Valid', '核發日期 Issued on 2027-01-01', `有效期限 Valid until ${validUntil}`, '分批 Partial shipments',
      `Company ${holder.businessId}`, '買方 Buyer Rhein Optics GmbH', '最終使用人 End user Rhein Optics GmbH', '德國 Germany (DE)',
      'Single-mode fibre laser module', '85414100001', '5A002.a', '100.5 PCE 0 PCE 100.5 PCE',
    ]) expect(text).toContain(words);

    const declarationNo = `CC/16/${process.pid % 1000}/00001`;
    const released = await t.http.post('/customs/releases', { declarationNo, licenceNo, releasedAt: '2027-01-04T10:00:00+08:00', items: [{ itemNo: 1, quantity: '40' }] }, { token: customs.token });
    expect(released.status).toBe(200);
    const after = await fetchPdf(t.baseUrl, `${path}?after=${released.body.position}`, holder.token);
    expect(after.headers.get('etag')).not.toBe(issued.headers.get('etag'));
    expect(pdfWords(after.pdf)).toContain('100.5 PCE 40 PCE 60.5 PCE');
  });

  it('is the holder\'s alone among applicants (404 for another); reviewers and auditors read every one, customs none (403)', async () => {
    const holder = await registerAndLogin(t.http);
    const stranger = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt: '2027-01-02T02:00:00.000Z', validUntil });
    const path = `/licences/${licenceNo}/reference-copy.pdf`;
    const refused = await fetchPdf(t.baseUrl, path, stranger.token);
    expect(refused.status).toBe(404);
    expect(refused.problem).toMatchObject({ rule: 'R-ACC-5' });
    expect((await fetchPdf(t.baseUrl, '/licences/LIC-2026-999999/reference-copy.pdf', holder.token)).status).toBe(404);
    for (const role of ['REVIEWER', 'AUDITOR'] as const) {
      const { token } = await staffLogin(t, role);
      expect((await fetchPdf(t.baseUrl, path, token)).status).toBe(200);
    }
    expect((await fetchPdf(t.baseUrl, path, customs.token)).status).toBe(403);
  });
});
