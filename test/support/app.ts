import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { registerAccount } from '@shtc/accounts';
import { EVENT_STORE } from '@shtc/event-store';
import { ManualClock, loadConfig } from '@shtc/platform';
import { createApp } from '../../apps/api/src/bootstrap';

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  dataDir: string;
  clock: ManualClock;
  http: Http;
  /** Stops the app; the data directory stays for a restart. */
  stop(): Promise<void>;
  /** Stops the app and removes its data. */
  close(): Promise<void>;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

export interface Http {
  get<T = any>(path: string, options?: RequestOptions): Promise<Answer<T>>;
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<Answer<T>>;
  put<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<Answer<T>>;
  delete<T = any>(path: string, options?: RequestOptions): Promise<Answer<T>>;
}

/**
 * Starts the real application over HTTP on a free port, with real SQLite files in a fresh
 * data directory and a clock the test moves.
 */
export async function startApp(options: { dataDir?: string; clock?: ManualClock; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shtc-e2e-'));
  const clock = options.clock ?? new ManualClock(new Date());
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ...options.env });
  const app = await createApp({ config, clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const http = httpClient(baseUrl);
  const stop = async () => {
    await app.close();
  };
  return {
    app,
    baseUrl,
    dataDir,
    clock,
    http,
    stop,
    close: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function httpClient(baseUrl: string): Http {
  const call = async (method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, headers: response.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
  };
  return {
    get: (path, options) => call('GET', path, undefined, options),
    post: (path, body, options) => call('POST', path, body, options),
    put: (path, body, options) => call('PUT', path, body, options),
    delete: (path, options) => call('DELETE', path, undefined, options),
  };
}

let counter = 0;
/**
 * A fresh business number per call and per process that passes R-ACC-6: 7 digits that differ
 * by call (104,729 is prime to 9,000,000, so no two of the first 9 million calls share them),
 * then the check digit that makes the weighted sum divisible by 10.
 */
export function businessNumber(): string {
  counter += 1;
  const digits = String(1_000_000 + ((process.pid * 7919 + counter * 104_729) % 9_000_000));
  const weights = [1, 2, 1, 2, 1, 2, 4];
  // A 7th digit of 7 gives 28, whose digits add to 10: modulo 10 the same as counting it 0 (R-ACC-6).
  const sum = [...digits].reduce((total, digit, i) => {
    const product = Number(digit) * weights[i];
    return total + Math.floor(product / 10) + (product % 10);
  }, 0);
  return digits + String((10 - (sum % 10)) % 10);
}

export const PASSWORD = 'correct horse battery staple';

export async function registerAndLogin(
  http: Http,
  overrides: Partial<{ businessId: string; email: string; kind: 'COMPANY' | 'PERSON' }> = {},
): Promise<{ businessId: string; token: string; accountId: string }> {
  const businessId = overrides.businessId ?? businessNumber();
  const registered = await http.post('/auth/register', {
    businessId,
    kind: overrides.kind ?? 'COMPANY',
    name: `Company ${businessId}`,
    email: overrides.email ?? `export-${businessId}@example.com`,
    password: PASSWORD,
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const login = await http.post('/auth/login', { businessId, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  return { businessId, token: login.body.token, accountId: registered.body.accountId };
}

/** Signs in again (after the test moved the clock past the session's 20 minutes). */
export async function login(http: Http, businessId: string): Promise<string> {
  const answer = await http.post('/auth/login', { businessId, password: PASSWORD });
  if (answer.status !== 200) throw new Error(`login: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

/** A staff account, created as `npm run cli -- create-staff` does (the same call, on the app's event store), signed in. */
export async function staffLogin(t: TestApp, role: 'REVIEWER' | 'AUDITOR' | 'CUSTOMS' | 'ADMIN'): Promise<{ businessId: string; token: string }> {
  const businessId = `${role[0]}${businessNumber()}`;
  await registerAccount(
    t.app.get(EVENT_STORE),
    { businessId, kind: 'STAFF', role, name: `${role} ${businessId}`, email: `${businessId.toLowerCase()}@boft.example`, password: PASSWORD },
    { now: t.clock.now(), correlationId: `test-${businessId}` },
  );
  return { businessId, token: await login(t.http, businessId) };
}
