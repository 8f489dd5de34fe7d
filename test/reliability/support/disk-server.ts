import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { httpClient, type Http } from '@shtc/testing';

const MAIN = join(__dirname, 'disk-server-main.js');

/** One JSON line of the server's log (pino). */
export interface LogLine {
  level: number;
  time: number;
  msg?: string;
  context?: string;
  err?: { type?: string; message?: string; code?: string };
  [field: string]: unknown;
}

export interface DiskServer {
  pid: number;
  baseUrl: string;
  http: Http;
  /** Every line it logged so far, in order. */
  logs: LogLine[];
  /** Ends it as `docker stop` would (SIGTERM: the stores close), and waits for it to exit. */
  stop(): Promise<number | null>;
}

/**
 * The API in a process of its own (sources compiled on load, see disk-server-main.js), on a free
 * port over `dataDir`, logging JSON at info level to a pipe the spec reads. `uid`: run as that
 * user, so that file permissions apply to it (root ignores them).
 */
export async function startDiskServer(dataDir: string, options: { uid?: number; env?: Record<string, string> } = {}): Promise<DiskServer> {
  const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', CHROMIUM_PATH: '/nonexistent', ...options.env };
  const child: ChildProcess =
    options.uid === undefined
      ? spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('setpriv', [`--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', process.execPath, MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  const other: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const url = /^SHTC licensing API on (http:\/\/\S+)/.exec(line)?.[1];
      if (url) resolve(url.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1'));
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        other.push(line);
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => other.push(line));
    void exited.then((code) => reject(new Error(`The server exited (${code}) before listening:\n${other.join('\n')}`)));
  });
  const baseUrl = await Promise.race([
    listening,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`The server did not listen within 30 s:\n${other.join('\n')}`)), 30_000).unref()),
  ]);
  return {
    pid: child.pid!,
    baseUrl,
    http: httpClient(baseUrl),
    logs,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Limits the size any file of the process may grow to (RLIMIT_FSIZE, `prlimit`): a write past it
 * fails with EFBIG (Node ignores SIGXFSZ), as a write on a full disk fails with ENOSPC, to every
 * file at once: SQLite reports SQLITE_FULL or SQLITE_IOERR_WRITE, the file store EFBIG.
 * `null` lifts the limit: the space is back, without a restart.
 */
export function limitFileSize(pid: number, bytes: number | null): void {
  execFileSync('prlimit', ['--pid', String(pid), `--fsize=${bytes ?? 'unlimited'}:unlimited`]);
}

/** Whether util-linux's prlimit (and setpriv, to drop root) are here to run the disk specs with. */
export function hasUtilLinux(): boolean {
  try {
    for (const program of ['prlimit', 'setpriv']) execFileSync(program, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
