import { assuranceBody, fileApplication, givenLicence, registerAndLogin, startApp, standardBody, type TestApp } from '@shtc/testing';

describe('load reference data (R-REF-1): a prefill that POST /applications takes as it is', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('prefills from an own receipt number, and the prefill files a new case unchanged', async () => {
    const owner = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, owner.token, standardBody({ reExport: { originCountry: 'JP', returnsToOrigin: false } }));
    const prefill = await t.http.get(`/reference-data?receiptNo=${caseNo}`, { token: owner.token });
    expect(prefill.status).toBe(200);
    expect(prefill.body).toMatchObject({ kind: 'NEW', route: 'STANDARD', destination: 'DE', items: [expect.objectContaining({ model: 'FL-200' })] });

    const refiled = await t.http.post('/applications', prefill.body, { token: owner.token });
    expect(refiled.status).toBe(201);
    const [before, after] = await Promise.all([caseNo, refiled.body.caseNo].map((no) => t.http.get(`/applications/${no}`, { token: owner.token })));
    expect(after.body.application).toEqual(before.body.application);
  });

  it("prefills an agent's filing for its applicant, which the agent files again as it is", async () => {
    const applicant = await registerAndLogin(t.http);
    const broker = await registerAndLogin(t.http);
    await t.http.post('/agents/authorizations', { agentBusinessId: broker.businessId }, { token: applicant.token });
    const { caseNo } = await fileApplication(t.http, broker.token, standardBody({ applicantId: applicant.businessId }));
    const prefill = await t.http.get(`/reference-data?receiptNo=${caseNo}`, { token: broker.token });
    expect(prefill.body.applicantId).toBe(applicant.businessId);
    const refiled = await t.http.post('/applications', prefill.body, { token: broker.token });
    expect(refiled.status).toBe(201);
    expect((await t.http.get(`/applications/${refiled.body.caseNo}`, { token: applicant.token })).body).toMatchObject({ applicantId: applicant.businessId, agentId: broker.businessId });
  });

  it('prefills from an Iran/North Korea assurance, and the prefill files the case from it as it is', async () => {
    const { token } = await registerAndLogin(t.http);
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token })).body;
    const prefill = await t.http.get(`/reference-data?assuranceNo=${assuranceNo}`, { token });
    expect(prefill.body).toMatchObject({ kind: 'NEW', route: 'IRAN_NK', assuranceNo, destination: 'IR', partialShipments: false });
    const filed = await t.http.post('/applications', prefill.body, { token });
    expect(filed.status).toBe(201);
    expect(filed.body.status).toBe('REGISTERED');
  });

  it("answers 404 for another's receipt number, and for a licence number that is not the caller's", async () => {
    const owner = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, owner.token);
    expect((await t.http.get(`/reference-data?receiptNo=${caseNo}`, { token: other.token })).status).toBe(404);
    expect((await t.http.get('/reference-data?licenceNo=LIC-2026-999999', { token: owner.token })).status).toBe(404);
    const { licenceNo } = await givenLicence(t, owner, { issuedAt: new Date().toISOString(), validUntil: '2099-12-31' });
    expect((await t.http.get(`/reference-data?licenceNo=${licenceNo}`, { token: other.token })).status).toBe(404);
  });

  it('prefills a new case from an own licence, which POST /applications files as it is', async () => {
    const holder = await registerAndLogin(t.http);
    const { licenceNo } = await givenLicence(t, holder, { issuedAt: new Date().toISOString(), validUntil: '2099-12-31' });
    const prefill = await t.http.get(`/reference-data?licenceNo=${licenceNo}`, { token: holder.token });
    expect(prefill.status).toBe(200);
    expect(prefill.body).toMatchObject({ kind: 'NEW', route: 'STANDARD', applicantId: holder.businessId, items: [expect.objectContaining({ model: 'FL-200' })] });
    const filed = await t.http.post('/applications', prefill.body, { token: holder.token });
    expect([filed.status, filed.body.status]).toEqual([201, 'REGISTERED']);
  });

  it('answers 400 without exactly one number', async () => {
    const { token } = await registerAndLogin(t.http);
    expect((await t.http.get('/reference-data', { token })).status).toBe(400);
    const two = await t.http.get('/reference-data?receiptNo=a&licenceNo=b', { token });
    expect(two.status).toBe(400);
    expect(two.body.rule).toBe('R-REF-1');
  });
});
