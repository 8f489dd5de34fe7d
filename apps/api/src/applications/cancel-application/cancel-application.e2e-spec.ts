import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { assuranceBody, exemptBody, fileApplication, registerAndLogin, standardBody, startApp, type TestApp } from '@shtc/testing';

describe('POST /applications/:caseNo/cancel (R-NEW-5)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('lets the applicant cancel before submission, and not twice', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const cancelled = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'The order was withdrawn' }, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ caseNo, status: 'CANCELLED' });
    const status = await t.http.get(`/applications/${caseNo}/status?after=${cancelled.body.position}`, { token });
    expect(status.body).toMatchObject({ status: 'CANCELLED', statusZh: '已取消' });
    const again = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'again' }, { token });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ rule: 'R-NEW-5', caseStatus: 'CANCELLED', allowedActions: [] });
    const edit = await t.http.put(`/applications/${caseNo}`, standardBody(), { token });
    expect(edit.status).toBe(409);
  });

  it('refuses to cancel a submitted case: only a reviewer does, on request', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token, exemptBody());
    const answer = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'changed our mind' }, { token });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ rule: 'R-NEW-5', caseStatus: 'INITIAL_REVIEW', allowedActions: ['attach'] });
  });

  it('never cancels an Iran/North Korea case (R-IRNK-2)', async () => {
    const { token } = await registerAndLogin(t.http);
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token })).body;
    const { caseNo } = await fileApplication(t.http, token, { ...assuranceBody(), kind: 'NEW', route: 'IRAN_NK', assuranceNo, partialShipments: false });
    const answer = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'x' }, { token });
    expect(answer.status).toBe(422);
    expect(answer.body.rule).toBe('R-IRNK-2');
  });

  it.each([
    ['NUL', 'withdrawn\u0000'],
    ['a bidi override', 'withdrawn \u202e'],
    ['spaces alone', '   '],
    ['no reason', undefined],
  ])('refuses a reason with %s, naming the field and the rule, and keeps the case', async (_, reason) => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const answer = await t.http.post(`/applications/${caseNo}/cancel`, reason === undefined ? {} : { reason }, { token });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ rule: 'R-NEW-5', errors: [expect.objectContaining({ field: 'reason', rule: 'R-NEW-5' })] });
    expect((await t.http.get(`/applications/${caseNo}`, { token })).body.status).toBe('REGISTERED');
  });

  it('refuses a reason with an unpaired surrogate before reading it (not text at all), and keeps the case', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    const answer = await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'withdrawn \ud800' }, { token });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await t.http.get(`/applications/${caseNo}`, { token })).body.status).toBe('REGISTERED');
  });

  it('keeps a reason as written, its white space made tidy', async () => {
    const { token } = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, token);
    expect((await t.http.post(`/applications/${caseNo}/cancel`, { reason: '  訂單取消:\n the buyer withdrew ' }, { token })).status).toBe(200);
    const stored = await t.app.get<EventStore>(EVENT_STORE).readStream(`case-${caseNo}`);
    expect(stored.at(-1)).toMatchObject({ type: 'CaseCancelled', data: { reason: '訂單取消: the buyer withdrew' } });
  });

  it("refuses to cancel another applicant's case (404)", async () => {
    const owner = await registerAndLogin(t.http);
    const other = await registerAndLogin(t.http);
    const { caseNo } = await fileApplication(t.http, owner.token);
    expect((await t.http.post(`/applications/${caseNo}/cancel`, { reason: 'x' }, { token: other.token })).status).toBe(404);
  });
});
