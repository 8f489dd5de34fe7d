/**
 * The load generator's HTTP: plain node:http over keep-alive agents, every request timed by its
 * kind, counted as a command (POST) or a GET, and checked for its expected status. A command's
 * answer carries its event store position; `onCommand` hears it as it arrives, for the
 * read-your-writes lag.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export const KINDS = [
  'register', 'login', 'file', 'upload', 'submit', 'status', 'review', 'claim', 'forward', 'approve', 'licence', 'declare', 'release', 'list',
] as const;
export type Kind = (typeof KINDS)[number];

const EXPECTED: Record<Kind, number> = {
  register: 201, login: 200, file: 201, upload: 201, submit: 200, status: 200, review: 200,
  claim: 200, forward: 200, approve: 200, licence: 200, declare: 200, release: 200, list: 200,
};
/** The loop's commands; register and login belong to the sign-up phase. */
const COMMANDS: ReadonlySet<Kind> = new Set<Kind>(['file', 'upload', 'submit', 'claim', 'forward', 'approve', 'declare', 'release']);

export interface Answer {
  status: number;
  body: string;
}

export type Headers = Record<string, string | number>;

export function send(agent: Agent, base: URL, method: string, path: string, headers: Headers, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const POSITION = /"position":"(\d+)"/;

export class Http {
  readonly latencies = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  readonly failures: Array<{ kind: Kind; status: number; body: string }> = [];
  /** Answers other than the expected status. */
  non2xx = 0;
  /** Everything that stopped a case: non-2xx answers and expected answers whose content was wrong. */
  errors = 0;
  commands = 0;
  gets = 0;
  private readonly agent: Agent;

  constructor(
    private readonly base: URL,
    connections: number,
    private readonly onCommand: (position: number) => void,
    private readonly log: (message: string) => void,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /** One timed request; a status other than the expected one counts as an error and answers null. */
  async timed(kind: Kind, method: string, path: string, headers: Headers, body?: Buffer | string): Promise<Answer | null> {
    const start = performance.now();
    const answer = await send(this.agent, this.base, method, path, headers, body);
    const end = performance.now();
    this.latencies.get(kind)!.push(end - start);
    const command = COMMANDS.has(kind);
    if (command) this.commands++;
    else if (method === 'GET') this.gets++;
    if (answer.status !== EXPECTED[kind]) {
      this.non2xx++;
      this.fail(kind, `${method} ${path}`, answer);
      return null;
    }
    if (command) {
      const position = POSITION.exec(answer.body);
      if (!position) {
        this.fail(kind, `${method} ${path} answered no position`, answer);
        return null;
      }
      this.onCommand(Number(position[1]));
    }
    return answer;
  }

  /** An answer that stops its case: counted, and the first five printed. */
  fail(kind: Kind, what: string, answer: Answer): void {
    this.errors++;
    if (this.failures.length < 5) {
      this.failures.push({ kind, status: answer.status, body: answer.body.slice(0, 300) });
      this.log(`FAILED ${kind} ${what}: ${answer.status} ${answer.body.slice(0, 300)}`);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

export const json = (token?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
