import { assuranceBody, registerAndLogin, staffLogin, startApp, type TestApp } from '@shtc/testing';

describe('Iran/North Korea assurances (R-IRNK-1): registered first, locked, unlocked by a reviewer for one change', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('keeps the assurance locked until a reviewer unlocks it, then locks it after one change', async () => {
    const { token } = await registerAndLogin(t.http);
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token })).body;
    const changed = assuranceBody({ companyEmail: 'new@formosa.example' });
    const locked = await t.http.put(`/assurances/${assuranceNo}`, changed, { token });
    expect(locked.status).toBe(409);
    expect(locked.body.rule).toBe('R-IRNK-1');
    expect((await t.http.post(`/review/assurances/${assuranceNo}/unlock`, { reason: 'called' }, { token })).status).toBe(403);

    const reviewer = await staffLogin(t, 'REVIEWER');
    const unlocked = await t.http.post(`/review/assurances/${assuranceNo}/unlock`, { reason: 'The applicant called: new company email' }, { token: reviewer.token });
    expect(unlocked.status).toBe(200);
    expect((await t.http.get(`/assurances/${assuranceNo}`, { token })).body.locked).toBe(false);
    const edited = await t.http.put(`/assurances/${assuranceNo}`, changed, { token });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ assuranceNo, locked: true });
    expect((await t.http.get(`/assurances/${assuranceNo}`, { token })).body).toMatchObject({ companyEmail: 'new@formosa.example', locked: true });
    expect((await t.http.put(`/assurances/${assuranceNo}`, assuranceBody(), { token })).status).toBe(409);
  });

  it('refuses an assurance for another destination (R-IRNK-1)', async () => {
    const { token } = await registerAndLogin(t.http);
    const answer = await t.http.post('/assurances', assuranceBody({ destination: 'DE' }), { token });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'destination', rule: 'R-IRNK-1' })]);
  });

  it('refuses an unlock without a real reason, and keeps the assurance locked', async () => {
    const { token } = await registerAndLogin(t.http);
    const { assuranceNo } = (await t.http.post('/assurances', assuranceBody(), { token })).body;
    const reviewer = await staffLogin(t, 'REVIEWER');
    for (const reason of ['   ', 'called\u0000', 'called \u202e', undefined]) {
      const answer = await t.http.post(`/review/assurances/${assuranceNo}/unlock`, reason === undefined ? {} : { reason }, { token: reviewer.token });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ rule: 'R-IRNK-1', errors: [expect.objectContaining({ field: 'reason', rule: 'R-IRNK-1' })] });
    }
    expect((await t.http.get(`/assurances/${assuranceNo}`, { token })).body.locked).toBe(true);
  });

  it('answers 404 to a reviewer unlocking an assurance that does not exist', async () => {
    const reviewer = await staffLogin(t, 'REVIEWER');
    expect((await t.http.post('/review/assurances/IRNK-2026-999999/unlock', { reason: 'called' }, { token: reviewer.token })).status).toBe(404);
  });
});
