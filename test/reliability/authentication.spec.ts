import fc from 'fast-check';
import { loadConfig } from '@shtc/platform';
import { READ_STORE, type ReadStore } from '@shtc/read-store';
import { PASSWORD, businessNumber, registerAndLogin, startApp, type TestApp } from '@shtc/testing';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from '../../apps/api/src/auth/login-throttle';
import { SESSIONS, Sessions } from '../../apps/api/src/auth/sessions';
import { fuzzParameters, fuzzTimeout } from './support/fuzz-settings';
import { problemShapeError, send } from './support/probes';

const MINUTE = 60_000;
const LOGIN_TIMEOUT_MS = 60_000;
/** For the tests that check up to 20 passwords at once (scrypt, 20 times). */
const SCRYPT_BOUND_MS = 120_000;

/**
 * Issue 12, hostile input against authentication: guessing passwords all at once, behind a
 * reverse proxy, and guessing or tampering with tokens.
 */
describe('authentication under attack', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());
  // Every test starts in a fresh window of the failed-login limits (15 minutes).
  beforeEach(() => t.clock.advance(16 * MINUTE));

  // Simultaneous logins queue for scrypt: on a loaded machine the last answers take a while.
  const login = (businessId: string, password: string, headers: Record<string, string> = {}) =>
    send(t.baseUrl, 'POST', '/auth/login', { contentType: 'application/json', body: JSON.stringify({ businessId, password }), headers, timeoutMs: LOGIN_TIMEOUT_MS });
  const statuses = (replies: Array<{ status: number }>) => replies.reduce<Record<number, number>>((count, { status }) => ({ ...count, [status]: (count[status] ?? 0) + 1 }), {});

  describe('failed logins counted at once', () => {
    it(`lets exactly ${MAX_FAILURES_PER_ACCOUNT} of 40 simultaneous wrong passwords be tried on one account, then locks it`, async () => {
      const { businessId } = await registerAndLogin(t.http);
      const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => login(businessId, `wrong password ${i}`)));
      expect(statuses(replies)).toEqual({ 401: MAX_FAILURES_PER_ACCOUNT, 429: 40 - MAX_FAILURES_PER_ACCOUNT });
      for (const reply of replies) expect(problemShapeError(reply)).toBeNull();
      // Locked: the right password too, until the window has passed.
      expect((await login(businessId, PASSWORD)).status).toBe(429);
      t.clock.advance(15 * MINUTE);
      expect((await login(businessId, PASSWORD)).status).toBe(200);
    }, SCRYPT_BOUND_MS);

    it(`lets exactly ${MAX_FAILURES_PER_ADDRESS} of 30 simultaneous wrong logins on many accounts come from one address, whatever X-Forwarded-For says (no TRUST_PROXY)`, async () => {
      const { businessId } = await registerAndLogin(t.http);
      const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => login(businessNumber(), 'spraying one password', { 'x-forwarded-for': `203.0.113.${i + 1}` })));
      expect(statuses(replies)).toEqual({ 401: MAX_FAILURES_PER_ADDRESS, 429: 30 - MAX_FAILURES_PER_ADDRESS });
      // Anyone can write the header: without a proxy named, it names no client.
      expect((await login(businessId, PASSWORD, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(429);
    }, SCRYPT_BOUND_MS);
    it(`signs in 30 people at once behind one address: attempts in flight wait for a slot of the ${MAX_FAILURES_PER_ADDRESS}, they are not failures`, async () => {
      const people: string[] = [];
      for (let i = 0; i < 30; i++) people.push((await registerAndLogin(t.http)).businessId);
      t.clock.advance(16 * MINUTE);
      const replies = await Promise.all(people.map((businessId) => login(businessId, PASSWORD)));
      expect(statuses(replies)).toEqual({ 200: 30 });
      // And the address has no failure counted: 20 wrong passwords are still refused one by one (401), the 21st locks.
      const wrong = await Promise.all(Array.from({ length: MAX_FAILURES_PER_ADDRESS + 1 }, (_, i) => login(people[i], 'not the password')));
      expect(statuses(wrong)).toEqual({ 401: MAX_FAILURES_PER_ADDRESS, 429: 1 });
    }, SCRYPT_BOUND_MS);
  });

  describe('tokens', () => {
    const TOKEN = /^[A-Za-z0-9_-]{43}$/;

    it('gives every session a token of 256 random bits, and keeps only its digest', async () => {
      const { businessId, accountId } = await registerAndLogin(t.http);
      const signedIn: string[] = [];
      for (let i = 0; i < 3; i++) signedIn.push(((await login(businessId, PASSWORD)).body as { token: string }).token);
      // The sessions login opens (scrypt makes a login slow; the token is the sessions' alone).
      const sessions = t.app.get(Sessions);
      const opened: string[] = [];
      for (let i = 0; i < 1000; i++) opened.push((await sessions.open({ accountId, businessId, role: 'APPLICANT', name: 'Formosa' })).token);
      const values = [...signedIn, ...opened];
      for (const token of values) expect(token).toMatch(TOKEN);
      expect(new Set(values).size).toBe(values.length);
      // Each of the 256 bits is set in about half of 1,000 tokens (500 ± 16 by chance; 420 to 580 passes).
      const bits = opened.map((token) => Buffer.from(token, 'base64url'));
      for (let bit = 0; bit < 256; bit++) {
        const set = bits.filter((bytes) => (bytes[bit >> 3] >> (bit & 7)) & 1).length;
        expect([bit, set >= 420 && set <= 580]).toEqual([bit, true]);
      }
      const stored = await t.app.get<ReadStore>(READ_STORE).find(SESSIONS, { accountId }, { limit: 500 });
      expect(stored.items.length).toBeGreaterThan(0);
      const text = JSON.stringify(stored.items);
      for (const token of values) expect(text.includes(token)).toBe(false);
      for (const token of signedIn) expect((await send(t.baseUrl, 'GET', '/auth/me', { token })).status).toBe(200);
    }, SCRYPT_BOUND_MS);

    it(
      'answers 401 (R-ACC-3) to a token one character off, to a made-up one, and to a malformed Authorization header',
      async () => {
        const { token } = await registerAndLogin(t.http);
        const me = (authorization: string) => send(t.baseUrl, 'GET', '/auth/me', { headers: { authorization } });
        expect((await me(`Bearer ${token}`)).status).toBe(200);
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const tampered = fc.tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet)).filter(([at, char]) => token[at] !== char).map(([at, char]) => `Bearer ${token.slice(0, at)}${char}${token.slice(at + 1)}`);
        const madeUp = fc.oneof(
          fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((guess) => `Bearer ${guess}`),
          fc.stringMatching(/^[\x20-\x7e]{0,300}$/).map((guess) => `Bearer ${guess}`),
          fc.constantFrom(
            `bearer ${token}x`,
            `Bearer ${token} ${token}`,
            `Bearer ${token.slice(0, 42)}`,
            `Bearer ${token}=`,
            `Basic ${Buffer.from(`u:${token}`).toString('base64')}`,
            'Bearer',
            '',
            `Bearer ${'A'.repeat(10_000)}`,
          ),
        );
        await fc.assert(
          fc.asyncProperty(fc.oneof(tampered, madeUp), async (authorization) => {
            const reply = await me(authorization);
            expect([authorization.slice(0, 60), reply.status, problemShapeError(reply)]).toEqual([authorization.slice(0, 60), 401, null]);
            expect((reply.body as { rule?: string }).rule).toBe('R-ACC-3');
          }),
          fuzzParameters(100),
        );
      },
      fuzzTimeout(100, 30_000),
    );

    it('refuses a made-up or tampered password-reset token (R-ACC-2), changing nothing', async () => {
      const { businessId } = await registerAndLogin(t.http);
      for (const token of ['a'.repeat(64), 'not-a-token-at-all', `${'x'.repeat(43)}.${'y'.repeat(43)}`]) {
        const reply = await send(t.baseUrl, 'POST', '/auth/password-reset/confirm', { contentType: 'application/json', body: JSON.stringify({ token, newPassword: 'a new long password' }) });
        expect([reply.status >= 400 && reply.status < 500, problemShapeError(reply)]).toEqual([true, null]);
      }
      expect((await login(businessId, PASSWORD)).status).toBe(200);
    });
  });

  describe('behind a reverse proxy (TRUST_PROXY)', () => {
    /** The limit's worth of failed logins, each from the client the proxy names in X-Forwarded-For. */
    const fail = async (app: TestApp, forwardedFor: (i: number) => string) => {
      const replies = await Promise.all(
        Array.from({ length: MAX_FAILURES_PER_ADDRESS }, (_, i) =>
          send(app.baseUrl, 'POST', '/auth/login', {
            contentType: 'application/json',
            body: JSON.stringify({ businessId: businessNumber(), password: 'spraying one password' }),
            headers: { 'x-forwarded-for': forwardedFor(i) },
            timeoutMs: LOGIN_TIMEOUT_MS,
          }),
        ),
      );
      expect(statuses(replies)).toEqual({ 401: MAX_FAILURES_PER_ADDRESS });
    };
    const loginVia = async (app: TestApp, businessId: string, forwardedFor: string) =>
      (await send(app.baseUrl, 'POST', '/auth/login', { contentType: 'application/json', body: JSON.stringify({ businessId, password: PASSWORD }), headers: { 'x-forwarded-for': forwardedFor }, timeoutMs: LOGIN_TIMEOUT_MS })).status;
    const withApp = async (env: Record<string, string>, run: (app: TestApp, businessId: string) => Promise<void>) => {
      const app = await startApp({ env });
      try {
        await run(app, (await registerAndLogin(app.http)).businessId);
      } finally {
        await app.close();
      }
    };

    it('naming the proxy, limits each client behind it by its own address, whatever the client adds to the header', async () => {
      await withApp({ TRUST_PROXY: '127.0.0.1' }, async (app, businessId) => {
        await fail(app, () => '203.0.113.7');
        // The client that guessed is limited; its forged entry before the one the proxy appends changes nothing.
        expect(await loginVia(app, businessId, '203.0.113.7')).toBe(429);
        expect(await loginVia(app, businessId, '198.51.100.77, 203.0.113.7')).toBe(429);
        // Another client behind the same proxy is not.
        expect(await loginVia(app, businessId, '198.51.100.9')).toBe(200);
      });
    }, SCRYPT_BOUND_MS);

    it('naming another address (or range), takes nothing from X-Forwarded-For sent by anyone else', async () => {
      await withApp({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.1' }, async (app, businessId) => {
        await fail(app, (i) => `203.0.113.${i + 1}`);
        expect(await loginVia(app, businessId, '198.51.100.9')).toBe(429);
      });
    }, SCRYPT_BOUND_MS);

    it('stops at start-up on a value that names no proxy (trusting every sender would let anyone choose its address)', () => {
      for (const value of ['true', '*', '1', 'proxy.example', '10.0.0.0/33', '127.0.0.1,']) expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
      expect(loadConfig({ TRUST_PROXY: '10.1.2.3, 10.0.0.0/8, ::1, fd00::/8, loopback' }).TRUST_PROXY).toBe('10.1.2.3, 10.0.0.0/8, ::1, fd00::/8, loopback');
    });
  });
});
