/**
 * Reviewer queue benchmark: a filtered queue page and the counts over 10,000 and 1,000,000
 * projected cases, and how much slower they are at the larger size (goal: at most 1.5×).
 *
 *   npm run build && npm run bench:queue
 *
 * Each size's cases are decided by the case decider and projected by the review-queues
 * projection through the projection runner (a rebuild, batches of BENCH_BATCH events) into a
 * fresh SQLite read store; then the queries are timed as the API runs them (ReviewQueues).
 * Prints exactly one JSON line on stdout; progress goes to stderr. See README.md beside this file.
 *
 * Environment:
 *   BENCH_SIZES       comma-separated case counts (default 10000,1000000)
 *   BENCH_QUERIES     timed runs of each query per size (default 500)
 *   BENCH_BATCH       events per projection batch (default 5000)
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '@shtc/platform';
import { LICENCE_REGISTER_PROJECTION, REVIEW_QUEUES_PROJECTION, licenceRegisterProjection, reviewQueuesProjection } from '@shtc/projections';
import { ProjectionCatalog, ProjectionRunner, SqliteReadStore } from '@shtc/read-store';
import { isControlledArea, officeCalendar } from '@shtc/reference-data';
import { OverdueCloseOuts } from '../../apps/api/src/licences/close-out/overdue-close-outs';
import { ReviewQueues, type QueueListQuery } from '../../apps/api/src/review/queues/review-queues';
import type { SignedIn } from '../../apps/api/src/auth/sessions';
import { TODAY, generatedLog } from './workload';

const intList = (name: string, fallback: number[]) => (process.env[name] ? process.env[name]!.split(',').map(Number) : fallback);
const SIZES = intList('BENCH_SIZES', [10_000, 1_000_000]);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 500);
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const log = (message: string) => process.stderr.write(`${message}\n`);

const reviewer: SignedIn = { accountId: 'acc-r7', businessId: 'R007', role: 'REVIEWER', name: 'Reviewer R007' };

interface Timing {
  p50: number;
  p99: number;
}

async function time(runs: number, query: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < Math.min(50, runs); i++) await query(); // warm the page cache and statements
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await query();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Number(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(3));
  return { p50: at(0.5), p99: at(0.99) };
}

async function measure(cases: number) {
  const dir = mkdtempSync(join(tmpdir(), 'shtc-bench-queue-'));
  const path = join(dir, 'read.sqlite');
  // NORMAL, not FULL: the build is a rebuild (durability of its commits is not what is measured).
  const store = new SqliteReadStore(path, { synchronous: 'NORMAL' });
  try {
    const projection = reviewQueuesProjection({ calendar: officeCalendar, isControlledArea });
    const events = generatedLog(cases);
    const runner = new ProjectionRunner(events, store, [projection], { batchSize: BATCH });
    const started = performance.now();
    let reported = 0;
    await runner.rebuild(REVIEW_QUEUES_PROJECTION, ({ events: done }) => {
      if (done - reported >= 500_000) {
        reported = done;
        const seconds = (performance.now() - started) / 1000;
        log(`  ${cases} cases: ${done} events projected, ${Math.round(done / seconds)} events/s`);
      }
    });
    const buildSeconds = (performance.now() - started) / 1000;
    log(`${cases} cases: ${events.generated()} events projected in ${buildSeconds.toFixed(1)} s`);

    // A page also reads the licence register for its exporters' overdue close-outs (R-EXEMPT-4):
    // built here empty (the workload has no licences), so the timings include that query.
    await new ProjectionRunner(generatedLog(0), store, [licenceRegisterProjection]).rebuild(LICENCE_REGISTER_PROJECTION);
    const clock = new ManualClock(`${TODAY}T10:00:00+08:00`);
    const catalog = new ProjectionCatalog(store);
    const queues = new ReviewQueues(store, catalog, new OverdueCloseOuts(store, catalog, clock), clock);
    const filtered: QueueListQuery = { destination: 'DE', overdue: 'true', limit: 50 };
    const first = await queues.page('INITIAL_REVIEW', filtered, reviewer);
    const counts = await queues.counts(undefined, reviewer);
    const unclaimed = await queues.filter('INITIAL_REVIEW', { assignee: 'none' }, reviewer);
    const result = {
      cases,
      events: events.generated(),
      buildSeconds: Number(buildSeconds.toFixed(1)),
      eventsPerSecond: Math.round(events.generated() / buildSeconds),
      fileMB: Math.round(statSync(path).size / 1e6),
      counts,
      filteredPageItems: first.items.length,
      // GET /review/queues/INITIAL_REVIEW?destination=DE&overdue=true&limit=50
      filteredPageMs: await time(QUERIES, () => queues.page('INITIAL_REVIEW', filtered, reviewer)),
      // … and its second page, from the first page's cursor
      filteredNextPageMs: await time(QUERIES, () => queues.page('INITIAL_REVIEW', { ...filtered, cursor: first.nextCursor! }, reviewer)),
      // GET /review/queues
      countsMs: await time(QUERIES, () => queues.counts(undefined, reviewer)),
      // GET /review/queues?assignee=me
      myCountsMs: await time(QUERIES, () => queues.counts('me', reviewer)),
      // the candidates POST …/next reads: unclaimed, soonest due first
      nextCandidatesMs: await time(QUERIES, () => queues.find(unclaimed, { limit: 20 })),
    };
    log(JSON.stringify(result));
    return result;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const results = [];
  for (const size of SIZES) results.push(await measure(size));
  const small = results[0];
  const large = results[results.length - 1];
  const ratio = (key: 'filteredPageMs' | 'filteredNextPageMs' | 'countsMs' | 'myCountsMs' | 'nextCandidatesMs') => ({
    p50: Number((large[key].p50 / small[key].p50).toFixed(2)),
    p99: Number((large[key].p99 / small[key].p99).toFixed(2)),
  });
  const line = {
    bench: 'queue',
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    today: TODAY,
    sizes: results,
    ratio: {
      of: `${large.cases}/${small.cases}`,
      filteredPage: ratio('filteredPageMs'),
      filteredNextPage: ratio('filteredNextPageMs'),
      counts: ratio('countsMs'),
      myCounts: ratio('myCountsMs'),
      nextCandidates: ratio('nextCandidatesMs'),
      goal: 1.5,
    },
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
