/**
 * bench/http's client as a real client behaves across server crashes: every command carries an
 * Idempotency-Key; a request cut by a kill (its outcome unknown) is sent again, identical and
 * under the same key, once the server answers again; a 503 (read models behind, Retry-After) and
 * a 409 "still in progress" for the key are retried after a second. Every 2xx answer to a command
 * is kept, so the test can look for its events afterwards.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Http, type Headers, type Kind } from '../../../bench/http/client';

export interface Acknowledged {
  kind: Kind;
  path: string;
  key: string;
  status: number;
  body: Record<string, unknown>;
  /** Answered with Idempotent-Replayed: the first answer again. */
  replayed: boolean;
  /** Sends of this request whose answer never came (cut by a kill). */
  cut: number;
}

interface RawAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

const EXPECTED: Record<Kind, number> = {
  register: 201, login: 200, file: 201, upload: 201, submit: 200, status: 200, review: 200,
  claim: 200, forward: 200, approve: 200, licence: 200, declare: 200, release: 200, list: 200,
};
const NOT_COMMANDS: ReadonlySet<Kind> = new Set<Kind>(['login', 'status', 'review', 'licence', 'list']);

export interface CrashClientOptions {
  /** How long one request may keep failing to reach the server (restarts take seconds). */
  unreachableMs?: number;
  /** How long a key may stay "in progress" before the client gives up on it. */
  inProgressMs?: number;
}

export class CrashTolerantHttp extends Http {
  readonly acknowledged: Acknowledged[] = [];
  /** Keys the server kept answering "still in progress" until the client gave up. */
  readonly stuck: Array<{ kind: Kind; path: string; key: string }> = [];
  cutAnswers = 0;
  retries = 0;
  private keys = 0;
  private readonly connection: Agent;
  private readonly unreachableMs: number;
  private readonly inProgressMs: number;

  constructor(
    private readonly target: URL,
    connections: number,
    private readonly keyPrefix: string,
    log: (message: string) => void,
    options: CrashClientOptions = {},
  ) {
    super(target, 1, () => undefined, log);
    this.connection = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
    this.unreachableMs = options.unreachableMs ?? 120_000;
    this.inProgressMs = options.inProgressMs ?? 20_000;
  }

  override async timed(kind: Kind, method: string, path: string, headers: Headers, body?: Buffer | string): Promise<{ status: number; body: string } | null> {
    const command = method === 'POST' && kind !== 'login';
    const key = command ? `${this.keyPrefix}-${++this.keys}` : '';
    const sent = command ? { ...headers, 'idempotency-key': key } : headers;
    const start = performance.now();
    let cut = 0;
    let unreachableSince: number | null = null;
    let inProgressSince: number | null = null;
    let answer: RawAnswer;
    for (;;) {
      try {
        answer = await this.send(method, path, sent, body);
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Refused: it never reached the server. Anything else may have run there: its outcome is unknown.
        if (code !== 'ECONNREFUSED') {
          cut++;
          this.cutAnswers++;
        }
        unreachableSince ??= Date.now();
        if (Date.now() - unreachableSince > this.unreachableMs) throw new Error(`${method} ${path}: no answer for ${this.unreachableMs} ms (${String(error)})`);
        this.retries++;
        await sleep(100);
        continue;
      }
      unreachableSince = null;
      if (answer.status === 503) {
        this.retries++;
        await sleep(1000);
        continue;
      }
      if (answer.status === 409 && answer.body.includes('still in progress')) {
        inProgressSince ??= Date.now();
        if (Date.now() - inProgressSince <= this.inProgressMs) {
          this.retries++;
          await sleep(1000);
          continue;
        }
        this.stuck.push({ kind, path, key });
      }
      break;
    }
    this.latencies.get(kind)!.push(performance.now() - start);
    if (command) this.commands++;
    else if (method === 'GET') this.gets++;
    if (answer.status !== EXPECTED[kind]) {
      this.non2xx++;
      this.fail(kind, `${method} ${path}${cut ? ` (answer cut ${cut}×, sent again)` : ''}`, answer);
      return null;
    }
    if (!NOT_COMMANDS.has(kind)) {
      const parsed = JSON.parse(answer.body) as Record<string, unknown>;
      if (kind !== 'register' && typeof parsed.position !== 'string') {
        this.fail(kind, `${method} ${path} answered no position`, answer);
        return null;
      }
      this.acknowledged.push({ kind, path, key, status: answer.status, body: parsed, replayed: answer.headers['idempotent-replayed'] === 'true', cut });
    }
    return answer;
  }

  override close(): void {
    this.connection.destroy();
    super.close();
  }

  private send(method: string, path: string, headers: Headers, body?: Buffer | string): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.target.hostname, port: this.target.port, method, path, agent: this.connection,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
          res.on('error', reject);
          res.on('aborted', () => reject(Object.assign(new Error('answer cut'), { code: 'ECONNRESET' })));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
