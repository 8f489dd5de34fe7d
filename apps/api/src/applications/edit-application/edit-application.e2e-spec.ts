import { exemptBody, fileApplication, registerAndLogin, standardBody, startApp, type TestApp } from '@shtc/testing';

describe('PUT /applications/:caseNo: edits while REGISTERED (R-NEW-1)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('edits a REGISTERED case into a new data version', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const item = { ...(standardBody().items as object[])[0], quantity: '250' };
    const edited = await t.http.put(`/applications/${caseNo}`, standardBody({ items: [item] }), { token });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ caseNo, dataVersion: 2 });
    const { body } = await t.http.get(`/applications/${caseNo}`, { token });
    expect(body).toMatchObject({ dataVersion: 2, items: [expect.objectContaining({ quantity: '250' })] });
  });

  it('refuses an edit that breaks a rule, changing nothing', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const refused = await t.http.put(`/applications/${caseNo}`, standardBody({ destination: 'XX' }), { token });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'destination', rule: 'R-FORM-1' })]);
    expect((await t.http.get(`/applications/${caseNo}`, { token })).body.dataVersion).toBe(1);
  });

  it('refuses to edit another applicant\'s case (404)', async () => {
    const owner = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, owner.token);
    expect((await t.http.put(`/applications/${caseNo}`, standardBody(), { token: other.token })).status).toBe(404);
  });

  it('refuses an edit once the case left REGISTERED: 409 with its status and the actions open now', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token, exemptBody());
    const refused = await t.http.put(`/applications/${caseNo}`, exemptBody(), { token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ rule: 'R-NEW-1', caseStatus: 'INITIAL_REVIEW', allowedActions: ['attach'] });
  });
});
