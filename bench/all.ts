/**
 * Every benchmark, one after the other, each in its own process: `npm run build && npm run bench`.
 * Each prints its one JSON line on stdout (passed through as it comes); progress goes to stderr.
 *
 *   npm run bench                       # all, at their default sizes (about half an hour on the dev VM)
 *   npm run bench -- --quick            # all, at short sizes (about 7 minutes there, none over 2.5)
 *   npm run bench -- http files         # only these, in this order
 *
 * Some knobs share a name across benches (BENCH_CASES, BENCH_EVENTS, BENCH_CONCURRENCY,
 * BENCH_WARMUP), so a plain BENCH_X reaches every bench; BENCH_<NAME>_X reaches only bench NAME,
 * as BENCH_X (BENCH_HTTP_DURATION_S=20 is BENCH_DURATION_S=20 for bench:http alone).
 * Exits 1 if any bench failed; the others still run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const BENCHES = ['append', 'http', 'files', 'queue', 'replay', 'screening', 'pdf', 'scale'] as const;
type Bench = (typeof BENCHES)[number];

/** `--quick`: sizes that keep each bench to a few minutes at most; what the caller sets wins. */
const QUICK: Record<Bench, Record<string, string>> = {
  append: { BENCH_EVENTS: '20000' },
  http: { BENCH_DURATION_S: '20' },
  files: {},
  queue: { BENCH_SIZES: '10000,100000' },
  replay: { BENCH_EVENTS: '200000' },
  screening: {},
  pdf: { BENCH_DOCUMENTS: '60' },
  scale: { BENCH_SIZES: '2000,20000', BENCH_QUERIES: '200' },
};

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** The environment of one bench: quick sizes, then the caller's, then BENCH_<NAME>_X as BENCH_X. */
function envFor(bench: Bench, quick: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...(quick ? QUICK[bench] : {}), ...process.env };
  const prefix = `BENCH_${bench.toUpperCase()}_`;
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith(prefix)) env[`BENCH_${name.slice(prefix.length)}`] = value;
  }
  return env;
}

function run(bench: Bench, quick: boolean): Promise<number | null> {
  const script = join(__dirname, bench, `${bench}.bench.js`);
  const child = spawn(process.execPath, [script], { env: envFor(bench, quick), stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => {
    child.once('error', (error) => {
      log(`${bench}: ${error.message}`);
      resolve(null);
    });
    child.once('exit', (code, signal) => resolve(signal ? null : code));
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const named = args.filter((arg) => arg !== '--quick');
  const unknown = named.filter((name) => !(BENCHES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.join(', ')}`);
  const chosen = named.length > 0 ? (named as Bench[]) : [...BENCHES];

  const failed: string[] = [];
  for (const bench of chosen) {
    const start = Date.now();
    log(`${bench}: starting${quick ? ' (quick)' : ''}`);
    const code = await run(bench, quick);
    log(`${bench}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((Date.now() - start) / 1000).toFixed(0)} s`);
    if (code !== 0) failed.push(bench);
  }
  if (failed.length > 0) {
    log(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
