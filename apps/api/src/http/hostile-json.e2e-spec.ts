import { PASSWORD, businessNumber, registerAndLogin, startApp, standardBody, type TestApp } from '@shtc/testing';

/**
 * JSON bodies crafted to break the service rather than to use it. Each must be refused with a
 * 400 problem naming what is wrong, once for the whole app, before a handler, pipe or
 * interceptor walks the body.
 */
describe('hostile JSON bodies', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startApp();
    token = (await registerAndLogin(t.http)).token;
  });
  afterAll(async () => t.close());

  /** Sends the text as it is: the test client's JSON.stringify would escape what we need raw. */
  const send = async (method: string, path: string, text: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${t.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: text });
    const body = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: body ? JSON.parse(body) : undefined };
  };
  const signedIn = () => ({ authorization: `Bearer ${token}` });
  const nested = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
  const registration = (extra: Record<string, unknown> = {}) => ({
    businessId: businessNumber(),
    kind: 'COMPANY',
    name: 'Formosa Photonics Co., Ltd.',
    email: 'export@formosa.example',
    password: PASSWORD,
    ...extra,
  });

  describe('nesting', () => {
    const tooDeep = nested(5000);

    it.each([
      ['POST', '/auth/register', false],
      ['POST', '/auth/login', false],
      ['POST', '/applications', true],
      ['PUT', '/drafts/current', true],
    ])('refuses a body nested thousands of levels deep on %s %s with a 400 naming the depth', async (method, path, auth) => {
      const answer = await send(method, path, `{"buyer":${tooDeep}}`, auth ? signedIn() : {});
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 400, errors: [{ field: 'body', message: expect.stringContaining('64') }] });
      expect(answer.body.detail).toMatch(/nest/i);
    });

    it('refuses it on a command that takes no body, when an Idempotency-Key asks to hash the request', async () => {
      const answer = await send('POST', '/auth/logout', tooDeep, { ...signedIn(), 'Idempotency-Key': 'deep-logout' });
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect((await t.http.get('/drafts/current', { token })).status).not.toBe(401);
    });

    it('counts arrays as objects, and ignores brackets inside strings', async () => {
      expect((await send('PUT', '/drafts/current', `{"a":${'['.repeat(100)}${']'.repeat(100)}}`, signedIn())).status).toBe(400);
      const text = JSON.stringify({ note: '{{{{[[[['.repeat(100), quoted: '\\"{[' });
      expect((await send('PUT', '/drafts/current', text, signedIn())).status).toBe(204);
    });

    it('lets a draft nest 64 levels, and refuses 65', async () => {
      expect((await send('PUT', '/drafts/current', nested(64), signedIn())).status).toBe(204);
      const saved = await t.http.get('/drafts/current', { token });
      expect(JSON.stringify(saved.body)).toBe(nested(64));
      expect((await send('PUT', '/drafts/current', nested(65), signedIn())).status).toBe(400);
    });

    it('still files an ordinary application', async () => {
      expect((await t.http.post('/applications', standardBody(), { token })).status).toBe(201);
      expect((await t.http.post('/auth/register', registration())).status).toBe(201);
    });
  });

  describe('unpaired surrogates', () => {
    // JSON.stringify writes a lone surrogate as the escape `\ud800`, as an attacker would send it.
    it('refuses one in the email at registration with a 400 naming the field, not a 500', async () => {
      const answer = await send('POST', '/auth/register', JSON.stringify(registration({ email: '\ud800' })));
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'email', message: expect.stringMatching(/surrogate/) })]);
    });

    it('names the path of every value that holds one, in objects and arrays', async () => {
      const body = standardBody({ buyer: { name: 'Rhein \udfff Optics', address: 'Mainz', country: 'DE' } });
      (body.items as Record<string, unknown>[])[0].goodsName = 'laser \ud83d';
      const answer = await send('POST', '/applications', JSON.stringify(body), signedIn());
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(['buyer.name', 'items[0].goodsName']);
    });

    it('refuses one in a key, and in a draft', async () => {
      const key = await send('PUT', '/drafts/current', '{"lines":[{"no\\ud800te":"x"}]}', signedIn());
      expect(key.status).toBe(400);
      expect(key.body.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^lines\[0\]\.no.te$/) })]);
      const value = await send('PUT', '/drafts/current', JSON.stringify({ lines: [{ note: 'a\udc00' }] }), signedIn());
      expect(value.status).toBe(400);
      expect(value.body.errors).toEqual([expect.objectContaining({ field: 'lines[0].note' })]);
    });

    it('accepts a pair, escaped or not', async () => {
      expect((await send('PUT', '/drafts/current', '{"note":"\\ud83d\\ude00 😀"}', signedIn())).status).toBe(204);
      expect((await t.http.get('/drafts/current', { token })).body).toEqual({ note: '😀 😀' });
      expect((await send('POST', '/auth/register', JSON.stringify(registration({ name: 'Formosa 😀 Co.' })))).status).toBe(201);
    });
  });

  describe('keys named after what every object inherits', () => {
    const inherited = ['constructor', 'toString', 'prototype', '__proto__', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
    const withKey = (key: string, json: string) => json.replace(/^\{/, `{"${key}":1,`);

    it.each(inherited)('refuses %j in a registration as any unknown field is refused', async (key) => {
      const answer = await send('POST', '/auth/register', withKey(key, JSON.stringify(registration())));
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.errors).toEqual([{ field: key, message: `${key} is not a field of this request` }]);
    });

    it('names them by their path inside an application', async () => {
      const text = JSON.stringify(standardBody())
        .replace('"buyer":{', '"buyer":{"constructor":"x",')
        .replace('"itemNo":1,', '"itemNo":1,"toString":"x",');
      const answer = await send('POST', '/applications', text, signedIn());
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { field: 'buyer.constructor', message: 'buyer.constructor is not a field of this request' },
        { field: 'items[0].toString', message: 'items[0].toString is not a field of this request' },
      ]);
    });

    it('refuses them in a draft, at any depth', async () => {
      const top = await send('PUT', '/drafts/current', '{"prototype":{}}', signedIn());
      expect(top.status).toBe(400);
      expect(top.body.errors).toEqual([{ field: 'prototype', message: 'prototype is not a field of this request' }]);
      const deep = await send('PUT', '/drafts/current', '{"lines":[{"__proto__":{"isAdmin":true}}]}', signedIn());
      expect(deep.status).toBe(400);
      expect(deep.body.errors).toEqual([expect.objectContaining({ field: 'lines[0].__proto__' })]);
    });

    it('refuses them in a query string', async () => {
      const answer = await t.http.get('/applications?constructor=1', { token });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field: 'constructor', message: 'constructor is not a field of this request' }]);
    });

    it('still refuses prototype poisoning, and pollutes nothing', async () => {
      for (const text of ['{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}']) {
        expect((await send('PUT', '/drafts/current', text, signedIn())).status).toBe(400);
        expect((await send('POST', '/auth/register', text)).status).toBe(400);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
});
