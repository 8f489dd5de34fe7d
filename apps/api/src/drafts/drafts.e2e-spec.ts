import { login, registerAndLogin, startApp, type TestApp } from '../../../../test/support/app';
import { fileApplication } from '../../../../test/support/applications';

describe('temporary save (R-DRAFT-1) and reference data (R-REF-1)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('keeps only the last draft per user, loadable after the session timed out', async () => {
    const user = await registerAndLogin(t.http);
    expect((await t.http.get('/drafts/current', { token: user.token })).status).toBe(404);
    expect((await t.http.put('/drafts/current', { destination: 'DE' }, { token: user.token })).status).toBe(204);
    expect((await t.http.put('/drafts/current', { destination: 'JP', items: [] }, { token: user.token })).status).toBe(204);
    t.clock.advance(21 * 60_000);
    expect((await t.http.get('/drafts/current', { token: user.token })).status).toBe(401);
    const token = await login(t.http, user.businessId);
    const draft = await t.http.get('/drafts/current', { token });
    expect(draft.body).toEqual({ destination: 'JP', items: [] });
    const other = await registerAndLogin(t.http);
    expect((await t.http.get('/drafts/current', { token: other.token })).status).toBe(404);
  });

  it('refuses a draft that is not a JSON object', async () => {
    const { token } = await registerAndLogin(t.http);
    const answer = await t.http.put('/drafts/current', [1, 2], { token });
    expect(answer.status).toBe(400);
    expect(answer.body.rule).toBe('R-DRAFT-1');
  });

  it('prefills a new application from an own receipt number, and not from another\'s', async () => {
    const owner = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, owner.token);
    const prefill = await t.http.get(`/reference-data?receiptNo=${caseNo}`, { token: owner.token });
    expect(prefill.status).toBe(200);
    expect(prefill.body).toMatchObject({ kind: 'NEW', route: 'STANDARD', destination: 'DE', items: [expect.objectContaining({ model: 'FL-200' })] });
    const refiled = await t.http.post('/applications', { ...prefill.body, source: undefined, applicantId: undefined }, { token: owner.token });
    expect(refiled.status).toBe(201);
    expect((await t.http.get(`/reference-data?receiptNo=${caseNo}`, { token: other.token })).status).toBe(404);
  });

  it('answers 404 for a licence number (none is issued yet), 400 without exactly one number', async () => {
    const { token } = await registerAndLogin(t.http);
    const licence = await t.http.get('/reference-data?licenceNo=L-2026-000001', { token });
    expect(licence.status).toBe(404);
    expect(licence.body.rule).toBe('R-REF-1');
    const none = await t.http.get('/reference-data', { token });
    expect(none.status).toBe(400);
    const two = await t.http.get('/reference-data?receiptNo=a&licenceNo=b', { token });
    expect(two.status).toBe(400);
  });
});
