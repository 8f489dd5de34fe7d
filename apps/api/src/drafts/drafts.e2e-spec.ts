import { login, registerAndLogin, startApp, type TestApp } from '@shtc/testing';

describe('temporary save (R-DRAFT-1)', () => {
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
});
