/**
 * HTTP benchmark: the built server on the embedded default (SQLite, fresh DATA_DIR) in one child
 * process, the load generator (load.ts) in another, and the raw SQLite single-row insert rate
 * measured in this process before and after the load, so that commands / raw inserts shows what
 * everything above the store costs. For the lifecycle scenario the staff accounts are created
 * with the built CLI in the DATA_DIR before the server starts.
 *
 *   npm run build && npm run bench:http
 *
 * Prints exactly one JSON line on stdout; progress goes to stderr. See README.md beside this file.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RawWriter, intFromEnv, makeEvent, makeStreamNames, makeTempDir } from '../append/workload';
import { selfCheck } from './business-number';
import { createStaff } from './staff';

const SCENARIO = process.env.BENCH_SCENARIO ?? 'lifecycle';
const CLIENTS = intFromEnv('BENCH_CLIENTS', 64);
const REVIEWERS = SCENARIO === 'lifecycle' ? intFromEnv('BENCH_REVIEWERS', 8) : 0;
const CASES = intFromEnv('BENCH_CASES', 1_000_000);
const DURATION_S = intFromEnv('BENCH_DURATION_S', 60);
const STATUS_READS = intFromEnv('BENCH_STATUS_READS', 1, 0);
const RAW_ROWS = intFromEnv('BENCH_RAW_ROWS', 3_000);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;
const SERVER_MAIN = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
const LOAD = join(__dirname, 'load.js');

function log(message: string): void {
  process.stderr.write(`[bench:http] ${message}\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of every thread of a process (or of one thread: /proc/PID/task/TID), in seconds. */
function cpuSecondsOf(pid: number, thread = ''): number {
  const stat = readFileSync(`/proc/${pid}${thread}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The server's CPU time, all threads and the main thread (the event loop) alone. */
function cpuOf(pid: number): { all: number; main: number } {
  return { all: cpuSecondsOf(pid), main: cpuSecondsOf(pid, `/task/${pid}`) };
}

/** The process's peak resident set (VmHWM), in MB. */
function peakRssMbOf(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** Rows per second, one row per transaction, through the adapter's schema at synchronous=FULL. */
function rawInsertRate(path: string, rows: number): number {
  const raw = new RawWriter(path);
  try {
    if (raw.synchronous() !== 2) throw new Error('raw writer is not at synchronous=FULL');
    const streams = makeStreamNames(100);
    const revisions = new Int32Array(streams.length).fill(-1);
    const write = (i: number) => {
      const s = i % streams.length;
      revisions[s] += 1;
      raw.write(streams[s], revisions[s], makeEvent(streams[s], i));
    };
    const warmup = Math.min(200, rows);
    for (let i = 0; i < warmup; i++) write(i);
    const start = performance.now();
    for (let i = warmup; i < warmup + rows; i++) write(i);
    return (rows * 1000) / (performance.now() - start);
  } finally {
    raw.close();
  }
}

async function waitUntilReady(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode} before it was ready`);
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server not ready after 60 s');
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

interface LoadResult {
  scenario: string;
  reviewers: number;
  signUp: { accounts: number; seconds: number; requests: number };
  loop: { seconds: number; cases: number; commands: number; gets: number };
  latencyMs: Record<string, { n: number; p50: number; p99: number; max: number }>;
  lagMs: unknown;
  non2xx: number;
  errors: number;
  failures: unknown[];
  cpuSeconds: number;
}

/** Runs the load generator; `onPhase` hears when its filing loop starts and ends. */
function runLoad(url: string, onPhase: (phase: 'loop' | 'done') => void): Promise<LoadResult> {
  const env = {
    ...process.env, BENCH_URL: url, BENCH_SCENARIO: SCENARIO, BENCH_CLIENTS: String(CLIENTS), BENCH_REVIEWERS: String(REVIEWERS),
    BENCH_CASES: String(CASES), BENCH_DURATION_S: String(DURATION_S), BENCH_STATUS_READS: String(STATUS_READS),
  };
  const child = spawn(process.execPath, [LOAD], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let result: LoadResult | null = null;
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    let end: number;
    while ((end = out.indexOf('\n')) >= 0) {
      const line = JSON.parse(out.slice(0, end));
      out = out.slice(end + 1);
      if (line.phase) onPhase(line.phase);
      else result = line as LoadResult;
    }
  });
  return exited(child).then((code) => {
    if (code !== 0 || !result) throw new Error(`load generator exited with ${code}`);
    return result;
  });
}

async function main(): Promise<void> {
  if (SCENARIO !== 'filing' && SCENARIO !== 'lifecycle') throw new Error('BENCH_SCENARIO must be filing or lifecycle');
  if (SCENARIO === 'lifecycle' && REVIEWERS < 2) throw new Error('BENCH_REVIEWERS must be at least 2: a case needs two reviewers (R-REV-3)');
  selfCheck();
  const tmp = makeTempDir('http');
  let server: ChildProcess | undefined;
  const killServer = () => server?.exitCode === null && server.kill('SIGKILL');
  process.once('exit', killServer);
  try {
    log(`scenario=${SCENARIO} clients=${CLIENTS} reviewers=${REVIEWERS} casesPerClient=${CASES} duration=${DURATION_S}s rawRows=${RAW_ROWS} dir=${tmp.dir}${CPU_PROF_DIR ? ` cpuProf=${CPU_PROF_DIR}` : ''}`);
    const rawBefore = rawInsertRate(join(tmp.dir, 'raw-before.db'), RAW_ROWS);
    log(`raw single-row inserts before: ${Math.round(rawBefore)}/s`);

    const dataDir = join(tmp.dir, 'data');
    const staffStart = performance.now();
    if (REVIEWERS > 0) await createStaff(dataDir, REVIEWERS);
    const staffSeconds = (performance.now() - staffStart) / 1000;
    if (REVIEWERS > 0) log(`created ${REVIEWERS} reviewers and a customs account with the CLI in ${staffSeconds.toFixed(1)} s`);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const nodeArgs = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
    server = spawn(process.execPath, [...nodeArgs, SERVER_MAIN], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    server.stdout!.pipe(process.stderr);
    await waitUntilReady(url, server);
    const pid = server.pid!;
    log(`server ready (pid ${pid})`);

    const serverCpuStart = cpuSecondsOf(pid);
    const loadStart = performance.now();
    let loopCpu = { all: 0, main: 0 };
    const load = await runLoad(url, (phase) => {
      const now = cpuOf(pid);
      loopCpu = phase === 'loop' ? now : { all: now.all - loopCpu.all, main: now.main - loopCpu.main };
    });
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const serverCpu = cpuSecondsOf(pid) - serverCpuStart;
    const peakRssMb = peakRssMbOf(pid);

    server.kill('SIGTERM'); // graceful: stores close, and --cpu-prof writes its profile
    const stopped = await Promise.race([exited(server), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
    if (stopped === 'timeout') {
      log('server did not stop within 30 s of SIGTERM; killed');
      server.kill('SIGKILL');
    }

    const rawAfter = rawInsertRate(join(tmp.dir, 'raw-after.db'), RAW_ROWS);
    log(`raw single-row inserts after: ${Math.round(rawAfter)}/s`);
    // The harmonic mean: the rate of doing both halves' rows one after the other.
    const rawPerSec = 2 / (1 / rawBefore + 1 / rawAfter);

    const { loop, signUp } = load;
    const commandsPerSec = loop.commands / loop.seconds;
    const round = (x: number, digits = 0) => Number(x.toFixed(digits));
    const result = {
      bench: 'http',
      scenario: load.scenario,
      clients: CLIENTS,
      reviewers: load.reviewers,
      casesPerClient: CASES,
      durationS: DURATION_S,
      cases: loop.cases,
      commands: loop.commands,
      commandsPerSec: round(commandsPerSec),
      getsPerSec: round(loop.gets / loop.seconds),
      loopSeconds: round(loop.seconds, 1),
      signUp: { accounts: signUp.accounts, seconds: round(signUp.seconds, 1), requestsPerSec: round(signUp.requests / signUp.seconds, 1) },
      ...(REVIEWERS > 0 && { staff: { accounts: REVIEWERS + 1, cliSeconds: round(staffSeconds, 1) } }),
      latencyMs: Object.fromEntries(Object.entries(load.latencyMs).map(([kind, s]) => [kind, { p50: s.p50, p99: s.p99, max: s.max }])),
      lagMs: load.lagMs,
      errors: load.errors,
      non2xx: load.non2xx,
      server: {
        peakRssMb,
        cpuSeconds: round(serverCpu, 1),
        cores: round(serverCpu / loadSeconds, 2),
        // The filing loop alone: CPU per request (all threads, and the event loop's thread), and cores of each.
        loopCpuMsPerRequest: round((loopCpu.all * 1000) / (loop.commands + loop.gets), 2),
        loopMainMsPerRequest: round((loopCpu.main * 1000) / (loop.commands + loop.gets), 2),
        loopCores: round(loopCpu.all / loop.seconds, 2),
        loopMainCores: round(loopCpu.main / loop.seconds, 2),
      },
      generator: { cpuSeconds: round(load.cpuSeconds, 1), cores: round(load.cpuSeconds / loadSeconds, 2) },
      rawInsertsPerSec: round(rawPerSec),
      rawBefore: round(rawBefore),
      rawAfter: round(rawAfter),
      commandsToRaw: round(commandsPerSec / rawPerSec, 3),
      node: process.version,
      synchronous: 'FULL',
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (load.errors > 0) {
      log(`${load.errors} answers were not as expected, ${load.non2xx} of them not the expected 2xx (first ones above)`);
      process.exitCode = 1;
    }
  } finally {
    killServer();
    process.off('exit', killServer);
    tmp.cleanup();
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
