import { connect } from 'node:net';
import { startApp, type TestApp } from '@shtc/testing';

/**
 * Errors Fastify answers before any route runs leave as application/problem+json too (api.md),
 * with the status that says what went wrong.
 */
describe('framework-level errors', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  const send = async (method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) => {
    const response = await fetch(`${t.baseUrl}${path}`, { method, headers: init.headers, body: init.body });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', requestId: response.headers.get('x-request-id'), text };
  };
  const json = { 'content-type': 'application/json' };

  /** Writes raw bytes on a socket: for requests no HTTP client would send. */
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const { port } = new URL(t.baseUrl);
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });

  it.each([
    ['a malformed percent escape in the path', 'GET', '/health%ZZ', {}, 400],
    ['a malformed escape in a route parameter', 'GET', '/applications/%E0%A4%A', {}, 400],
    ['a route parameter longer than Fastify allows', 'GET', `/applications/${'A'.repeat(500)}`, {}, 414],
    ['an unknown route', 'GET', '/nowhere', {}, 404],
    ['an unsupported content type', 'POST', '/auth/login', { headers: { 'content-type': 'text/xml' }, body: '<x/>' }, 415],
    ['a form-encoded body (the API takes JSON)', 'POST', '/auth/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }, 415],
    ['a content type that is no media type', 'POST', '/auth/login', { headers: { 'content-type': 'not a type' }, body: '{}' }, 415],
    ['a body over the limit', 'POST', '/auth/login', { headers: json, body: JSON.stringify({ businessId: 'x'.repeat(3 * 1024 * 1024) }) }, 413],
    ['an empty JSON body', 'POST', '/auth/login', { headers: json, body: '' }, 400],
    ['invalid JSON', 'POST', '/auth/login', { headers: json, body: '{"businessId":' }, 400],
  ] as const)('answers %s with problem+json', async (_, method, path, init, status) => {
    const answer = await send(method, path, init);
    expect(answer.status).toBe(status);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.text)).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
    expect(answer.requestId).toBeTruthy();
  });

  it('answers a request line or header Node cannot parse with problem+json', async () => {
    const answer = await raw('GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, title: 'Invalid request' });
  });

  it('answers headers over the size limit with 431 and problem+json', async () => {
    const answer = await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
  });
});
