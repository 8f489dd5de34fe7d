import { PASSWORD, businessNumber, registerAndLogin, startApp, type TestApp } from '@shtc/testing';

const MINUTE = 60_000;

describe('POST /auth/login and sessions (R-ACC-3)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('logs in with the right password and answers token, role and lifetime', async () => {
    const { businessId } = await registerAndLogin(t.http);
    const login = await t.http.post('/auth/login', { businessId, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), role: 'APPLICANT', expiresInSeconds: 1200 });
    const me = await t.http.get('/auth/me', { token: login.body.token });
    expect(me.body).toMatchObject({ businessId, role: 'APPLICANT', agents: [] });
  });

  it('refuses a wrong password and an unknown account alike', async () => {
    const { businessId } = await registerAndLogin(t.http);
    const wrong = await t.http.post('/auth/login', { businessId, password: 'not the password' });
    const unknown = await t.http.post('/auth/login', { businessId: businessNumber(), password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('answers 401 without a token or with a made-up one', async () => {
    expect((await t.http.get('/auth/me')).status).toBe(401);
    const madeUp = await t.http.get('/auth/me', { token: 'x'.repeat(43) });
    expect(madeUp.status).toBe(401);
    expect(madeUp.body.rule).toBe('R-ACC-3');
  });

  it('ends a session idle for 20 minutes, and slides it while it acts', async () => {
    const { token } = await registerAndLogin(t.http);
    t.clock.advance(19 * MINUTE);
    expect((await t.http.get('/auth/me', { token })).status).toBe(200);
    t.clock.advance(19 * MINUTE); // 38 minutes after login, 19 after the last act
    expect((await t.http.get('/auth/me', { token })).status).toBe(200);
    t.clock.advance(20 * MINUTE);
    const expired = await t.http.get('/auth/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.rule).toBe('R-ACC-3');
    t.clock.advance(-20 * MINUTE); // the session was deleted, not merely judged by the clock
    expect((await t.http.get('/auth/me', { token })).status).toBe(401);
  });

  it('ends the session at once on logout', async () => {
    const { token } = await registerAndLogin(t.http);
    expect((await t.http.post('/auth/logout', undefined, { token })).status).toBe(204);
    expect((await t.http.get('/auth/me', { token })).status).toBe(401);
  });

  it('rate-limits failed logins per account, even with the right password then', async () => {
    const { businessId } = await registerAndLogin(t.http);
    for (let i = 0; i < 5; i++) expect((await t.http.post('/auth/login', { businessId, password: 'guess ' + i })).status).toBe(401);
    const blocked = await t.http.post('/auth/login', { businessId, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    t.clock.advance(15 * MINUTE);
    expect((await t.http.post('/auth/login', { businessId, password: PASSWORD })).status).toBe(200);
  });

  it('rate-limits failed logins per address across accounts', async () => {
    const { businessId } = await registerAndLogin(t.http);
    t.clock.advance(15 * MINUTE); // a fresh window for this address
    for (let i = 0; i < 20; i++) await t.http.post('/auth/login', { businessId: businessNumber(), password: 'spray' });
    expect((await t.http.post('/auth/login', { businessId, password: PASSWORD })).status).toBe(429);
    t.clock.advance(15 * MINUTE);
  });
});

describe('sessions survive a restart', () => {
  it('accepts a token issued before the service restarted', async () => {
    const first = await startApp();
    const { token, businessId } = await registerAndLogin(first.http);
    await first.stop();
    const second = await startApp({ dataDir: first.dataDir, clock: first.clock });
    try {
      const me = await second.http.get('/auth/me', { token });
      expect(me.status).toBe(200);
      expect(me.body.businessId).toBe(businessId);
    } finally {
      await second.close();
    }
  });
});
