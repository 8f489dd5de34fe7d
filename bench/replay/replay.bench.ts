/**
 * Replay benchmark: folding a case of 1,000 events as the commands do, and the integrity check
 * (GET /audit/integrity, `npm run cli -- verify-integrity`) over a store of 1,000,000 events
 * against a raw ordered scan of the event table (goal: at least half its rate).
 *
 *   npm run build && npm run bench:replay                  # 1,000,000 events: several minutes
 *   npm run bench:replay -- --events 200000                # or BENCH_EVENTS=200000
 *
 * Prints exactly one JSON line on stdout; progress goes to stderr. See README.md beside this file.
 *
 * Environment (or --events, --runs):
 *   BENCH_EVENTS     events in the store (default 1000000)
 *   BENCH_RUNS       timed runs of each scan, alternating, each in a fresh process (default 3)
 *   BENCH_FOLD_RUNS  timed folds (default 20)
 *   BENCH_STORE      a file to keep the store in and reuse on the next run (default: a temp dir, removed)
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadStream } from '@shtc/commands';
import { caseCodec, makeCaseDecider, type CaseState } from '@shtc/domain';
import { SqliteEventStore, type EventStore } from '@shtc/event-store';
import { exportRules } from '@shtc/reference-data';
import { scan, type ScanKind, type ScanResult } from './measure';
import { LONG_CASE_CYCLES, caseNoOf, decideCase, encodeCase, storeCase } from './workload';

const arg = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const int = (name: string, env: string, fallback: number) => {
  const value = Number(arg(name) ?? process.env[env] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`--${name} / ${env} must be a whole number ≥ 1`);
  return value;
};
const log = (message: string) => process.stderr.write(`${message}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const peakOf = (results: ScanResult[]) => (results[0].peakAnonMB === null ? null : Math.max(...results.map((r) => r.peakAnonMB!)));
const kind = { codec: caseCodec, decider: makeCaseDecider(exportRules()) };

/** Appends `events` events of store cases through the port, 32 cases in flight (group commit). */
async function generate(path: string, events: number): Promise<number> {
  // NORMAL: the file is a fixture; how durably it was written is not what is measured.
  const store = new SqliteEventStore(path, { synchronous: 'NORMAL' });
  const started = performance.now();
  let produced = 0;
  let nextCase = 0;
  let reported = 0;
  const writer = async () => {
    while (produced < events) {
      const i = nextCase++;
      // The last case is cut to fit: a case's first events are a history too.
      const batch = storeCase(i).slice(0, events - produced);
      produced += batch.length;
      await store.append(caseCodec.streamOf(caseNoOf(i)), batch, 'no_stream');
      if (produced - reported >= 100_000) {
        reported = produced;
        log(`  ${produced} events appended, ${Math.round(produced / ((performance.now() - started) / 1000))}/s`);
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, writer));
  const head = Number(await store.headPosition());
  await store.close();
  if (head !== events) throw new Error(`the store holds ${head} events, not ${events}`);
  return (performance.now() - started) / 1000;
}

/** One scan in a process of its own. */
function scanInChild(which: ScanKind, path: string): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--scan', which, path], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let result: ScanResult | undefined;
    child.on('message', (message) => (result = message as ScanResult));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${which} scan exited ${code}`))));
  });
}

/** Median ms of `runs` timed calls, after 10 untimed ones (the JIT compiles the fold meanwhile). */
async function timed(runs: number, call: () => Promise<number | void>): Promise<number> {
  for (let i = 0; i < 10; i++) await call();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const own = await call();
    ms.push(typeof own === 'number' ? own : performance.now() - started);
  }
  return round(median(ms), 3);
}

/**
 * The long case, appended through the port in commands of 100 events, then folded with the
 * command path's loadStream (the codec's decode, the decider's evolve): over events already read
 * (the fold alone), from the adapter's cache of recent events (a case a server has just worked
 * on), and from the file by a store opened afresh (a case it has not read yet).
 */
async function measureFold(dir: string, runs: number) {
  const caseNo = 'SHTC-2026-9000001';
  const events = encodeCase(caseNo, decideCase(0, caseNo, LONG_CASE_CYCLES)).slice(0, 1_000);
  const path = join(dir, 'long-case.sqlite');
  const store = new SqliteEventStore(path);
  for (let from = 0; from < events.length; from += 100) {
    await store.append(caseCodec.streamOf(caseNo), events.slice(from, from + 100), from === 0 ? 'no_stream' : from - 1);
  }
  const recorded = await store.readStream(caseCodec.streamOf(caseNo));
  const read = { readStream: async () => recorded } as unknown as EventStore;
  const { state } = await loadStream(read, kind, caseNo);
  const foldMs = await timed(runs, () => loadStream(read, kind, caseNo).then(() => undefined));
  const loadMs = await timed(runs, () => loadStream(store, kind, caseNo).then(() => undefined));
  await store.close();
  const loadFromFileMs = await timed(runs, async () => {
    const fresh = new SqliteEventStore(path);
    await fresh.ping(); // its writer thread has started: not part of a read
    const started = performance.now();
    await loadStream(fresh, kind, caseNo);
    const ms = performance.now() - started;
    await fresh.close();
    return ms;
  });
  return {
    events: recorded.length,
    foldMs,
    loadMs,
    loadFromFileMs,
    runs,
    // What the fold ended in: the whole case was folded.
    status: state.status,
    attachments: (state as Extract<CaseState, { attachments: unknown[] }>).attachments.length,
  };
}

async function main(): Promise<void> {
  const events = int('events', 'BENCH_EVENTS', 1_000_000);
  const runs = int('runs', 'BENCH_RUNS', 3);
  const foldRuns = int('fold-runs', 'BENCH_FOLD_RUNS', 20);
  const dir = mkdtempSync(join(tmpdir(), 'shtc-bench-replay-'));
  const path = process.env.BENCH_STORE ?? join(dir, 'events.sqlite');
  try {
    log(`fold: a case of 1,000 events, ${foldRuns} runs`);
    const fold = await measureFold(dir, foldRuns);
    log(JSON.stringify(fold));

    let buildSeconds: number | null = null;
    if (existsSync(path)) log(`reusing ${path}`);
    else {
      log(`store: ${events} events through the event store port into ${path}`);
      buildSeconds = await generate(path, events);
      log(`  built in ${buildSeconds.toFixed(1)} s`);
    }

    const results: Record<ScanKind, ScanResult[]> = { raw: [], verify: [] };
    for (let r = 0; r < runs; r++) {
      // ABBA: a drift in the machine's load lands on both.
      const order: ScanKind[] = r % 2 === 0 ? ['raw', 'verify'] : ['verify', 'raw'];
      for (const which of order) {
        const result = await scanInChild(which, path);
        results[which].push(result);
        log(`  ${which}: ${result.events} events in ${(result.ms / 1000).toFixed(2)} s, ${Math.round(result.events / (result.ms / 1000))}/s, peak RSS ${result.peakRssMB} MB (allocated ${result.peakAnonMB} MB)`);
      }
    }
    const [verify] = results.verify;
    if (verify.events !== events && !process.env.BENCH_STORE) throw new Error(`verified ${verify.events} events of ${events}`);
    if (!results.verify.every((r) => r.valid)) throw new Error('the generated store did not verify');
    const rate = (list: ScanResult[]) => median(list.map((r) => r.events / (r.ms / 1000)));
    const verifyRate = rate(results.verify);
    const rawRate = rate(results.raw);
    const line = {
      bench: 'replay',
      fold,
      verify: {
        events: verify.events,
        streams: verify.streams,
        valid: true,
        seconds: round(median(results.verify.map((r) => r.ms)) / 1000),
        eventsPerSecond: Math.round(verifyRate),
        peakRssMB: Math.max(...results.verify.map((r) => r.peakRssMB)),
        peakAnonMB: peakOf(results.verify),
      },
      rawScan: {
        eventsPerSecond: Math.round(rawRate),
        peakRssMB: Math.max(...results.raw.map((r) => r.peakRssMB)),
        peakAnonMB: peakOf(results.raw),
      },
      ratio: round(verifyRate / rawRate, 3),
      goal: 0.5,
      runs,
      store: { events: verify.events, fileMB: Math.round(statSync(path).size / 1e6), buildSeconds: buildSeconds === null ? null : round(buildSeconds, 1) },
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (arg('scan')) {
  // A child: one scan, its result to the parent.
  scan(arg('scan') as ScanKind, process.argv[process.argv.indexOf('--scan') + 2])
    // Run alone (to profile it: node --cpu-prof …/replay.bench.js --scan verify FILE), it prints the result.
    .then((result) => (process.send ? process.send(result, () => process.exit(0)) : process.stdout.write(`${JSON.stringify(result)}\n`)))
    .catch((error) => {
      log(`scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    });
} else {
  main().catch((error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  });
}
