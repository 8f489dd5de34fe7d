import { registerAndLogin, startApp, type TestApp } from '../../../../../test/support/app';
import { assuranceBody, exemptBody, fileApplication, standardBody } from '../../../../../test/support/applications';

describe('PUT /applications/:caseNo and POST /applications/:caseNo/cancel', () => {
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

  it('lets the applicant cancel before submission (R-NEW-5), and not twice', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const cancelled = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'The order was withdrawn' }, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ caseNo, status: 'CANCELLED' });
    const status = await t.http.get(`/applications/${caseNo}/status?after=${cancelled.body.position}`, { token });
    expect(status.body).toMatchObject({ status: 'CANCELLED', statusZh: '已取消' });
    const again = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'again' }, { token });
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('R-NEW-5');
    const edit = await t.http.put(`/applications/${caseNo}`, standardBody(), { token });
    expect(edit.status).toBe(409);
  });

  it('refuses to cancel a submitted case: only a reviewer does, on request (R-NEW-5)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token, exemptBody());
    const answer = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'changed our mind' }, { token });
    expect(answer.status).toBe(409);
    expect(answer.body.rule).toBe('R-NEW-5');
  });

  it('never cancels an Iran/North Korea case (R-IRNK-2)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token })).body;
    const { caseNo } = await fileApplication(t.http, token, { ...assuranceBody(), kind: 'NEW', route: 'IRAN_NK', assuranceNo, partialShipments: false });
    const answer = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'x' }, { token });
    expect(answer.status).toBe(422);
    expect(answer.body.rule).toBe('R-IRNK-2');
  });

  it('refuses to edit or cancel another applicant\'s case (404)', async () => {
    const owner = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, owner.token);
    expect((await t.http.put(`/applications/${caseNo}`, standardBody(), { token: other.token })).status).toBe(404);
    expect((await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'x' }, { token: other.token })).status).toBe(404);
  });
});
