import { ConsoleClient, csrfOf, registerAndLogin, staffLogin, startApp, textOf, type TestApp } from '@shtc/testing';
import { CONSOLE_CSP } from '../http/console-http';

/**
 * The console's sessions (issue 13): the API's sign-in and server-side sessions, carried in an
 * HttpOnly SameSite=Strict cookie scoped to /console; 20 minutes idle ends them (R-ACC-3); every
 * form carries a token bound to the session; every response sends a strict CSP.
 */
describe('console: signing in and out', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('shows a sign-in form with a password field, in Chinese and English, under a strict CSP', async () => {
    const browser = new ConsoleClient(t.baseUrl);
    const page = await browser.get('/console/login');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.html).toContain('type="password"');
    expect(textOf(page.html)).toContain('登入 Sign in');
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('signs an applicant in with a session cookie scoped to the console, and out again at once', async () => {
    const { businessId } = await registerAndLogin(t.http);
    const browser = new ConsoleClient(t.baseUrl);
    const form = await browser.get('/console/login');
    const signedIn = await browser.post('/console/login', { businessId, password: 'correct horse battery staple' }, form.html);
    expect([signedIn.status, signedIn.location]).toEqual([303, '/console/applications']);
    const cookie = signedIn.headers.getSetCookie().find((line) => line.startsWith('shtc_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; Secure over https

    const token = browser.cookies.get('shtc_session')!;
    // The same server-side session as the API's: the token works there as a bearer token.
    expect((await t.http.get('/auth/me', { token })).status).toBe(200);
    // The API never takes the cookie itself (no ambient credentials on the API).
    expect((await fetch(`${t.baseUrl}/auth/me`, { headers: { cookie: `shtc_session=${token}` } })).status).toBe(401);

    const home = await browser.get('/console/session');
    expect(home.status).toBe(204);
    const page = await browser.get('/console/customs'); // a page this role may not see
    expect(page.status).toBe(403);
    expect(textOf(page.html)).toContain('R-ACC-5');
    const logout = await browser.post('/console/logout', {}, page.html);
    expect([logout.status, logout.location]).toEqual([303, '/console/login?bye=1']);
    expect((await t.http.get('/auth/me', { token })).status).toBe(401);
    const after = await browser.get('/console/session');
    expect(after.status).toBe(303);
    expect(after.location).toMatch(/^\/console\/login\?expired=1/);
  });

  it('keeps the business number and names the problem when the password is wrong', async () => {
    const { businessId } = await registerAndLogin(t.http);
    const browser = new ConsoleClient(t.baseUrl);
    const form = await browser.get('/console/login');
    const wrong = await browser.post('/console/login', { businessId, password: 'not the password at all' }, form.html);
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain(`value="${businessId}"`);
    expect(textOf(wrong.html)).toContain('The business number or the password is wrong');
    expect(wrong.html).not.toContain('not the password at all');
  });

  it('refuses a form without its token, or with another session\'s', async () => {
    const { businessId } = await registerAndLogin(t.http);
    const browser = new ConsoleClient(t.baseUrl);
    const noToken = await browser.post('/console/login', { businessId, password: 'correct horse battery staple', _csrf: 'forged' });
    expect(noToken.status).toBe(403);
    await browser.signIn(businessId);
    const other = new ConsoleClient(t.baseUrl);
    await other.signIn(businessId);
    const otherPage = await other.get('/console/customs');
    const forged = await browser.post('/console/logout', { _csrf: csrfOf(otherPage.html) });
    expect(forged.status).toBe(403);
    expect(textOf(forged.html)).toContain('reload the page');
    expect((await browser.get('/console/session')).status).toBe(204); // still signed in
  });

  it('ends a session idle for 20 minutes (R-ACC-3) and sends the browser to sign in again', async () => {
    const { businessId } = await registerAndLogin(t.http);
    const browser = new ConsoleClient(t.baseUrl);
    await browser.signIn(businessId);
    expect((await browser.get('/console/session')).status).toBe(204);
    t.clock.advance(20 * 60 * 1000);
    const page = await browser.get('/console/session');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/console/login?expired=1&next=%2Fconsole%2Fsession');
    const login = await browser.get(page.location!);
    expect(textOf(login.html)).toContain('R-ACC-3');
  });

  it('sends a staff member to the home of its role', async () => {
    const reviewer = await staffLogin(t, 'REVIEWER');
    const auditor = await staffLogin(t, 'AUDITOR');
    expect((await new ConsoleClient(t.baseUrl).signIn(reviewer.businessId)).location).toBe('/console/review');
    expect((await new ConsoleClient(t.baseUrl).signIn(auditor.businessId)).location).toBe('/console/audit');
  });

  it('answers a client that does not ask for HTML with problem+json, as the API does', async () => {
    const answer = await fetch(`${t.baseUrl}/console/session`);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves its stylesheet, script and the Noto Sans TC font files, and nothing beside them', async () => {
    expect((await fetch(`${t.baseUrl}/console/static/console.css`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/console/static/console.js`)).headers.get('content-type')).toContain('javascript');
    const css = await fetch(`${t.baseUrl}/console/fonts/noto-sans-tc/400.css`);
    expect(css.status).toBe(200);
    const font = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(await css.text())![1];
    expect((await fetch(`${t.baseUrl}/console/fonts/noto-sans-tc/${font}`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/console/fonts/noto-sans-tc/package.json`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/console/static/../console-assets.ts`)).status).not.toBe(200);
  });
});
