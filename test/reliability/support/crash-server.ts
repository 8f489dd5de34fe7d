/**
 * The built server (`node dist/apps/api/src/main.js`) as a child process on one DATA_DIR and one
 * port, killed with SIGKILL and started again on the same data as often as the crash test wants.
 * Its output goes to a log file in the test's folder, kept across restarts, for a failure to quote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { API } from '../../support/cli';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export class CrashServer {
  readonly url: string;
  private child: ChildProcess | null = null;
  /** How long each start took until /health/ready answered 200, in ms. */
  readonly startMs: number[] = [];

  constructor(
    private readonly options: { dataDir: string; port: number; env: Record<string, string>; logFile: string },
  ) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the server on the data as it is and waits until it answers ready; fails if it exits first. */
  async start(): Promise<void> {
    const started = Date.now();
    const child = this.spawn();
    const deadline = Date.now() + 90_000;
    while (!(await this.ready(child))) {
      if (Date.now() > deadline) throw new Error(`the server was not ready within 90 s; its log:\n${this.logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.startMs.push(Date.now() - started);
  }

  /** Starts the server and kills it `afterMs` later, wherever its start-up stands (or after it, if quicker). */
  async startAndKill(afterMs: number): Promise<void> {
    const child = this.spawn();
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) while starting; its log:\n${this.logTail()}`);
    await this.kill();
  }

  private spawn(): ChildProcess {
    if (this.child) throw new Error('the server is running already');
    appendFileSync(this.options.logFile, `\n=== start ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [API], {
      env: { ...process.env, ...this.options.env, DATA_DIR: this.options.dataDir, PORT: String(this.options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const log = (chunk: Buffer) => appendFileSync(this.options.logFile, chunk);
    child.stdout!.on('data', log);
    child.stderr!.on('data', log);
    return child;
  }

  private async ready(child: ChildProcess): Promise<boolean> {
    if (child.exitCode !== null || child.signalCode !== null) {
      this.child = null;
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready; its log:\n${this.logTail()}`);
    }
    return (await this.status('/health/ready')) === 200;
  }

  /** kill -9: no shutdown hook runs, whatever was in flight is cut where it stood. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    appendFileSync(this.options.logFile, `\n=== SIGKILL ${new Date().toISOString()}\n`);
    child.kill('SIGKILL');
    await exited(child);
    this.child = null;
  }

  /** A graceful stop (SIGTERM: stores closed), so the files can be read and copied. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([exited(child), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 30_000)))]);
    clearTimeout(timer);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited(child);
    }
    this.child = null;
  }

  /** A GET's status, 0 when nothing answers; on a connection of its own, closed after (no pool outlives the test). */
  status(path: string): Promise<number> {
    return new Promise((resolve) => {
      const req = get(`${this.url}${path}`, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
    });
  }

  logTail(lines = 40): string {
    try {
      return readFileSync(this.options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
