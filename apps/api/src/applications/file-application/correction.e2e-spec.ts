import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ManualClock } from '@shtc/platform';
import { samplePdf } from '../../../../../libs/attachments/src/testing/sample-files';
import { givenLicence, projectionsReach, registerAndLogin, staffLogin, startApp, upload, type TestApp } from '@shtc/testing';

/**
 * Corrections of an issued licence, over HTTP: a CORRECTION (更正) while nothing was released,
 * with its reason (R-CORR-1), the assurance signed again when the change touches it (R-CORR-2),
 * refused after a release with a pointer to balance reissue (R-BAL-3); a MISMATCH_CORRECTION
 * (單證比對不符修正) quoting customs' declaration and co-processing code (R-MISM-1), whose approval
 * has the declaration compared again for customs. Both go through the same review, and their
 * approval makes the next version of the same licence: its number and validity stay (R-LIC-2).
 */
describe('POST /applications with kind CORRECTION and MISMATCH_CORRECTION (R-CORR-1, R-CORR-2, R-MISM-1, R-BAL-3)', () => {
  let t: TestApp;
  let customs: { token: string };
  let initial: { token: string };
  let second: { token: string };
  const issuedAt = '2027-01-01T02:00:00.000Z';
  const validUntil = '2027-06-30';
  let counter = 0;
  const declarationNo = () => `CX/16/${process.pid % 1000}/${String(++counter).padStart(5, '0')}`;

  beforeAll(async () => {
    t = await startApp({ clock: new ManualClock('2027-01-04T09:00:00+08:00') });
    customs = await staffLogin(t, 'CUSTOMS');
    [initial, second] = [await staffLogin(t, 'REVIEWER'), await staffLogin(t, 'REVIEWER')];
  });
  afterAll(async () => t.close());

  const licenceEvents = async (licenceNo: string) => (await t.app.get<EventStore>(EVENT_STORE).readStream(`licence-${licenceNo}`)).map((event) => event.type);
  const newAddress = { name: 'Rhein Optics GmbH', address: 'Neue Strasse 5, 55116 Mainz', country: 'DE' };

  /** Submitted (after uploading the assurance signed again when asked), forwarded by one reviewer, approved by another. */
  async function throughReview(caseNo: string, token: string) {
    expect((await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, { token })).status).toBe(200);
    expect((await t.http.post(`/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE' }, { token: initial.token })).status).toBe(200);
    return t.http.post(`/review/cases/${caseNo}/approve`, { note: 'corrected as asked' }, { token: second.token });
  }

  it('corrects a licence with nothing released: the assurance signed again, the same review, the next version of the same licence', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt, validUntil });

    const prefill = await t.http.get(`/reference-data?licenceNo=${licenceNo}&kind=CORRECTION`, { token: holder.token });
    expect(prefill.status).toBe(200);
    expect(prefill.body).toMatchObject({ kind: 'CORRECTION', licenceNo, route: 'STANDARD', destination: 'DE', items: [expect.objectContaining({ quantity: '100.5' })] });
    expect(prefill.body.items[0]).not.toHaveProperty('balance');

    const filed = await t.http.post('/applications', { ...prefill.body, endUser: newAddress, description: 'The end user moved to a new address' }, { token: holder.token });
    expect(filed.status).toBe(201);
    const caseNo = filed.body.caseNo;
    const seen = await t.http.get(`/applications/${caseNo}`, { token: holder.token });
    expect(seen.body).toMatchObject({ kind: 'CORRECTION', licenceNo, licenceVersion: 1, description: 'The end user moved to a new address', declarationNo: null });

    // R-CORR-2: the end user is on the assurance, so it is signed again for the corrected data.
    const early = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, { token: holder.token });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'R-CORR-2', errors: [expect.objectContaining({ field: 'attachments.END_USE_ASSURANCE', rule: 'R-CORR-2' })] });
    expect((await upload(t.baseUrl, holder.token, caseNo, 'END_USE_ASSURANCE', samplePdf('assurance signed again'))).status).toBe(201);

    // The reviewer sees what the licence stated and what the correction changes.
    const submitted = await t.http.post(`/applications/${caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, { token: holder.token });
    expect(submitted.status).toBe(200);
    const review = await t.http.get(`/review/cases/${caseNo}`, { token: initial.token });
    expect(review.body).toMatchObject({ kind: 'CORRECTION', licenceNo, changes: ['endUser'], assuranceSignedAgain: true, licensed: { endUser: prefill.body.endUser } });

    expect((await t.http.post(`/review/cases/${caseNo}/forward`, { recommendation: 'APPROVE' }, { token: initial.token })).status).toBe(200);
    const approved = await t.http.post(`/review/cases/${caseNo}/approve`, { note: 'ok' }, { token: second.token });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', licenceNo, licenceVersion: 2, validUntil });

    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'LicenceCorrected']);
    await projectionsReach(t, approved.body.position);
    const licence = await t.http.get(`/licences/${licenceNo}`, { token: holder.token });
    expect(licence.body).toMatchObject({ licenceNo, status: 'VALID', version: 2, validUntil, endUser: newAddress, corrections: [{ caseNo, kind: 'CORRECTION', version: 2, description: 'The end user moved to a new address' }] });
    expect(licence.body.items[0]).toMatchObject({ quantity: '100.5', shipped: '0', balance: '100.5' });
  });

  it('refuses a correction once goods were released, pointing to cancel and balance reissue (R-BAL-3, 422), recording nothing', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt, validUntil });
    const released = await t.http.post('/customs/releases', { declarationNo: declarationNo(), licenceNo, releasedAt: '2027-01-04T08:00:00+08:00', items: [{ itemNo: 1, quantity: '1' }] }, { token: customs.token });
    expect(released.status).toBe(200);
    const prefill = (await t.http.get(`/reference-data?licenceNo=${licenceNo}&kind=CORRECTION`, { token: holder.token })).body;
    const refused = await t.http.post('/applications', { ...prefill, endUser: newAddress, description: 'moved' }, { token: holder.token });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'R-BAL-3', releases: 1, instead: [`POST /licences/${licenceNo}/cancel`, expect.stringContaining('BALANCE_REISSUE')] });
    expect(refused.body.detail ?? refused.body.message ?? refused.body.title).toEqual(expect.stringContaining('BALANCE_REISSUE'));
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased']);
  });

  it('refuses a correction without a reason (400), one that changes nothing (422), and answers 404 for another holder\'s licence', async () => {
    const holder = await registerAndLogin(t.http);
    const stranger = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt, validUntil });
    const prefill = (await t.http.get(`/reference-data?licenceNo=${licenceNo}&kind=CORRECTION`, { token: holder.token })).body;

    const noReason = await t.http.post('/applications', { ...prefill, endUser: newAddress }, { token: holder.token });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'description', rule: 'R-CORR-1' })]);
    const unchanged = await t.http.post('/applications', { ...prefill, description: 'nothing really' }, { token: holder.token });
    expect([unchanged.status, unchanged.body.rule]).toEqual([422, 'R-CORR-1']);
    const others = await t.http.post('/applications', { ...prefill, applicantId: undefined, endUser: newAddress, description: 'mine now' }, { token: stranger.token });
    expect([others.status, others.body.rule]).toEqual([404, 'R-CORR-1']);
    expect((await t.http.get(`/reference-data?licenceNo=${licenceNo}&kind=CORRECTION`, { token: stranger.token })).status).toBe(404);
  });

  it('leaves the case in second review when goods were released after it was filed (R-BAL-3 at approval)', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt, validUntil });
    const prefill = (await t.http.get(`/reference-data?licenceNo=${licenceNo}&kind=CORRECTION`, { token: holder.token })).body;
    // Only the amount changes: the assurance does not state it, so nothing is uploaded again (R-CORR-2).
    const filed = await t.http.post('/applications', { ...prefill, items: [{ ...prefill.items[0], amount: '13000.00' }], description: 'The price went up' }, { token: holder.token });
    expect(filed.status).toBe(201);
    expect((await t.http.post(`/applications/${filed.body.caseNo}/submit`, { endUse: 'Optical test benches for telecom research' }, { token: holder.token })).status).toBe(200);
    expect((await t.http.post(`/review/cases/${filed.body.caseNo}/forward`, { recommendation: 'APPROVE' }, { token: initial.token })).status).toBe(200);
    const released = await t.http.post('/customs/releases', { declarationNo: declarationNo(), licenceNo, releasedAt: '2027-01-04T08:30:00+08:00', items: [{ itemNo: 1, quantity: '1' }] }, { token: customs.token });
    expect(released.status).toBe(200);

    const approved = await t.http.post(`/review/cases/${filed.body.caseNo}/approve`, { note: 'ok' }, { token: second.token });
    expect([approved.status, approved.body.rule]).toEqual([422, 'R-BAL-3']);
    expect((await t.http.get(`/applications/${filed.body.caseNo}`, { token: holder.token })).body.status).toBe('SECOND_REVIEW');
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'GoodsReleased']);
  });

  it('corrects a mismatch customs found: quoting the declaration and its co-processing code; approved, the declaration is compared again and customs reads the new result', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt, validUntil });
    const number = declarationNo();
    // Customs declares the goods in sets (SET); the licence says pieces (PCE).
    const declaration = {
      declarationNo: number, licenceNo, exporterId: holder.businessId, destination: 'DE', consigneeName: 'Rhein Optics GmbH',
      items: [{ itemNo: 1, cccCode: '85414100001', quantity: '50', unit: 'SET', amount: '6000.00', currency: 'USD' }],
    };
    const compared = await t.http.post('/customs/declarations', declaration, { token: customs.token });
    expect(compared.body).toMatchObject({ result: 'MISMATCH', differences: [{ itemNo: 1, field: 'unit', licence: 'PCE', declaration: 'SET' }] });
    const { coProcessingCode } = compared.body;

    const noDeclaration = await t.http.get(`/reference-data?licenceNo=${licenceNo}&kind=MISMATCH_CORRECTION`, { token: holder.token });
    expect([noDeclaration.status, noDeclaration.body.rule]).toEqual([400, 'R-MISM-1']);
    const prefill = await t.http.get(`/reference-data?licenceNo=${licenceNo}&kind=MISMATCH_CORRECTION&declarationNo=${encodeURIComponent(number)}`, { token: holder.token });
    expect(prefill.body).toMatchObject({ kind: 'MISMATCH_CORRECTION', licenceNo, declarationNo: number, coProcessingCode });

    const body = { ...prefill.body, items: [{ ...prefill.body.items[0], unit: 'SET' }], description: 'The modules ship as sets of one; the licence should say SET' };
    const wrongCode = await t.http.post('/applications', { ...body, coProcessingCode: 'M0000000000' }, { token: holder.token });
    expect(wrongCode.status).toBe(422);
    expect(wrongCode.body.errors).toEqual([expect.objectContaining({ field: 'coProcessingCode', rule: 'R-MISM-1' })]);
    const noCode = await t.http.post('/applications', { ...body, coProcessingCode: undefined }, { token: holder.token });
    expect(noCode.status).toBe(400);
    expect(noCode.body.errors).toEqual([expect.objectContaining({ field: 'coProcessingCode', rule: 'R-MISM-1' })]);

    const filed = await t.http.post('/applications', body, { token: holder.token });
    expect(filed.status).toBe(201);
    expect((await upload(t.baseUrl, holder.token, filed.body.caseNo, 'END_USE_ASSURANCE', samplePdf('assurance in sets'))).status).toBe(201);
    const approved = await throughReview(filed.body.caseNo, holder.token);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ licenceNo, licenceVersion: 2 });
    expect(await licenceEvents(licenceNo)).toEqual(['LicenceIssued', 'DeclarationCompared', 'LicenceCorrected', 'DeclarationCompared']);

    // Customs is told: the declaration's comparison is now a MATCH naming the correction, and a retry of it answers that.
    await projectionsReach(t, approved.body.position);
    const lookedUp = await t.http.get(`/customs/declarations/${encodeURIComponent(number)}`, { token: customs.token });
    expect(lookedUp.body).toMatchObject({ result: 'MATCH', differences: [], coProcessingCode: null, correctionCaseNo: filed.body.caseNo });
    const retried = await t.http.post('/customs/declarations', declaration, { token: customs.token });
    expect(retried.body).toMatchObject({ result: 'MATCH', correctionCaseNo: filed.body.caseNo });
    const holderView = await t.http.get(`/declarations/${encodeURIComponent(number)}/comparison`, { token: holder.token });
    expect(holderView.body).toMatchObject({ result: 'MATCH' });
    const release = await t.http.post('/customs/releases', { declarationNo: number, licenceNo, releasedAt: '2027-01-04T10:00:00+08:00', items: [{ itemNo: 1, quantity: '50' }] }, { token: customs.token });
    expect(release.body).toMatchObject({ items: [{ itemNo: 1, balance: '50.5' }] });
  });

  it('refuses a mismatch correction of a declaration that matched (R-MISM-1, 422)', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt, validUntil });
    const number = declarationNo();
    const matched = await t.http.post('/customs/declarations', {
      declarationNo: number, licenceNo, exporterId: holder.businessId, destination: 'DE', consigneeName: 'Rhein Optics GmbH',
      items: [{ itemNo: 1, cccCode: '85414100001', quantity: '50', unit: 'PCE', amount: '6000.00', currency: 'USD' }],
    }, { token: customs.token });
    expect(matched.body.result).toBe('MATCH');
    const prefill = (await t.http.get(`/reference-data?licenceNo=${licenceNo}&kind=CORRECTION`, { token: holder.token })).body;
    const refused = await t.http.post('/applications', { ...prefill, kind: 'MISMATCH_CORRECTION', declarationNo: number, coProcessingCode: 'M0000000000', description: 'x' }, { token: holder.token });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'declarationNo', rule: 'R-MISM-1' })]);
  });
});
