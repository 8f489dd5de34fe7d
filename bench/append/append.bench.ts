/**
 * Append benchmark: our SqliteEventStore against the raw better-sqlite3 limit, at synchronous=FULL.
 *
 *   npm run build && BENCH_EVENTS=20000 npm run bench:append
 *
 * Prints exactly one JSON line on stdout; progress goes to stderr. See README.md beside this file.
 *
 * Environment:
 *   BENCH_EVENTS       events per measurement (default 100000)
 *   BENCH_STREAMS      case streams the events are spread over (default 1000)
 *   BENCH_CONCURRENCY  concurrent writers in the group-commit measurement (default 64)
 *   BENCH_CHUNK        events per engine per alternating round (default 100, i.e. ~30-50 ms,
 *                      so a disk stall of a second or two lands on both engines rather than one)
 *   BENCH_WARMUP       untimed warm-up events per engine (default min(2000, max(200, N/50)))
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { SqliteEventStore } from '@shtc/event-store';
import { EVENT_BYTES, RawWriter, expectedFor, intFromEnv, log, makeEvent, makeStreamNames, makeTempDir } from './workload';

const EVENTS = intFromEnv('BENCH_EVENTS', 100_000);
const STREAMS = intFromEnv('BENCH_STREAMS', 1_000);
const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 64);
const CHUNK = Math.min(intFromEnv('BENCH_CHUNK', 100), EVENTS);
const ROUNDS = Math.ceil(EVENTS / CHUNK);
const WARMUP = intFromEnv('BENCH_WARMUP', Math.min(2_000, Math.max(200, Math.floor(EVENTS / 50))), 0);

/** One engine's state across the alternating rounds: its own file, its own in-memory revisions. */
interface Engine {
  name: 'ours' | 'raw';
  /** Appends events [from, to) of the global sequence, one command / transaction each. */
  run(from: number, to: number): Promise<void>;
  elapsedMs: number;
  events: number;
}

function ourEngine(store: SqliteEventStore, streams: string[]): Engine {
  const revisions = new Int32Array(streams.length).fill(-1);
  return {
    name: 'ours',
    elapsedMs: 0,
    events: 0,
    async run(from, to) {
      for (let i = from; i < to; i++) {
        const s = i % streams.length;
        const stream = streams[s];
        // One command: no read, the expected revision comes from the in-memory tracker.
        const result = await store.append(stream, [makeEvent(stream, i)], expectedFor(revisions[s]));
        if (result.nextRevision !== revisions[s] + 1) throw new Error(`ours: ${stream} went to ${result.nextRevision}`);
        revisions[s] = result.nextRevision;
      }
    },
  };
}

function rawEngine(raw: RawWriter, streams: string[]): Engine {
  const revisions = new Int32Array(streams.length).fill(-1);
  return {
    name: 'raw',
    elapsedMs: 0,
    events: 0,
    async run(from, to) {
      for (let i = from; i < to; i++) {
        const s = i % streams.length;
        const stream = streams[s];
        const revision = revisions[s] + 1;
        raw.write(stream, revision, makeEvent(stream, i));
        revisions[s] = revision;
      }
    },
  };
}

async function timed(engine: Engine, from: number, to: number): Promise<number> {
  const start = performance.now();
  await engine.run(from, to);
  const ms = performance.now() - start;
  engine.elapsedMs += ms;
  engine.events += to - from;
  return ms;
}

/** C writers, each owning the streams s with s % C === w, each awaiting its own append. */
async function groupCommit(store: SqliteEventStore, streams: string[], concurrency: number, events: number, seqBase: number) {
  const revisions = new Int32Array(streams.length).fill(-1);
  const owned = Array.from({ length: concurrency }, (_, w) => streams.map((_, s) => s).filter((s) => s % concurrency === w));
  if (owned.some((list) => list.length === 0)) throw new RangeError('BENCH_STREAMS must be >= BENCH_CONCURRENCY');
  const writer = async (w: number, count: number) => {
    const mine = owned[w];
    for (let k = 0; k < count; k++) {
      const s = mine[k % mine.length];
      const stream = streams[s];
      const result = await store.append(stream, [makeEvent(stream, seqBase + k)], expectedFor(revisions[s]));
      revisions[s] = result.nextRevision;
    }
  };
  const share = (w: number) => Math.floor(events / concurrency) + (w < events % concurrency ? 1 : 0);
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => writer(w, share(w))));
  return performance.now() - start;
}

const rate = (events: number, ms: number) => (events * 1000) / ms;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<void> {
  const tmp = makeTempDir('append');
  let ours: SqliteEventStore | undefined;
  let raw: RawWriter | undefined;
  let group: SqliteEventStore | undefined;
  try {
    log(`events=${EVENTS} streams=${STREAMS} concurrency=${CONCURRENCY} chunk=${CHUNK} rounds=${ROUNDS} warmup=${WARMUP} dir=${tmp.dir}`);
    const streams = makeStreamNames(STREAMS);
    ours = new SqliteEventStore(join(tmp.dir, 'ours.db')); // defaults: WAL, synchronous=FULL
    raw = new RawWriter(join(tmp.dir, 'raw.db'));
    // Private field read only to report the effective setting of the connection that commits (2 = FULL).
    const oursSync = (await ours['writer'].ready).synchronous;
    const rawSync = raw.synchronous();
    if (oursSync !== 2 || rawSync !== 2) throw new Error(`synchronous is not FULL (ours=${oursSync}, raw=${rawSync})`);

    const engines = [ourEngine(ours, streams), rawEngine(raw, streams)];
    // Warm-up (untimed), one engine then the other: JIT, page cache, WAL growth, first rows of streams.
    let seq = 0;
    for (const engine of engines) await engine.run(seq, seq + WARMUP);
    seq += WARMUP;

    // Alternating rounds, ABBA order so a drift in disk latency lands on both alike.
    const roundRatios: number[] = [];
    const logEvery = Math.max(1, Math.round(ROUNDS / 10));
    for (let r = 0; r < ROUNDS; r++) {
      const from = seq + r * CHUNK;
      const to = seq + Math.min(EVENTS, (r + 1) * CHUNK);
      const order = r % 2 === 0 ? engines : [...engines].reverse();
      const ms: Record<string, number> = {};
      for (const engine of order) ms[engine.name] = await timed(engine, from, to);
      roundRatios.push(ms.raw / ms.ours);
      if ((r + 1) % logEvery === 0 || r === ROUNDS - 1) {
        const [o, w] = engines;
        log(
          `${o.events}/${EVENTS}: ours ${Math.round(rate(o.events, o.elapsedMs))}/s raw ${Math.round(rate(w.events, w.elapsedMs))}/s ` +
            `ratio so far ${(w.elapsedMs / w.events / (o.elapsedMs / o.events)).toFixed(3)}, this round ${(ms.raw / ms.ours).toFixed(3)}`,
        );
      }
    }
    const [oursEngine, rawEng] = engines;
    const oursPerSec = rate(oursEngine.events, oursEngine.elapsedMs);
    const rawPerSec = rate(rawEng.events, rawEng.elapsedMs);
    const headOurs = Number(await ours.headPosition());
    const rawRows = raw.count();
    if (headOurs !== EVENTS + WARMUP || rawRows !== EVENTS + WARMUP) {
      throw new Error(`row count mismatch: ours=${headOurs} raw=${rawRows} expected=${EVENTS + WARMUP}`);
    }
    await ours.close();
    ours = undefined;
    raw.close();
    raw = undefined;
    log(`single-event: ours ${Math.round(oursPerSec)}/s raw ${Math.round(rawPerSec)}/s ratio ${(oursPerSec / rawPerSec).toFixed(3)}`);

    // Group commit: a fresh file, C writers in flight. Compared with the raw single-row rate above
    // (it is CPU-bound, so the disk's mood matters less here).
    group = new SqliteEventStore(join(tmp.dir, 'group.db'));
    const groupWarmup = Math.min(WARMUP, CONCURRENCY * 10);
    if (groupWarmup > 0) await groupCommit(group, makeStreamNames(STREAMS), CONCURRENCY, groupWarmup, 0);
    const groupMs = await groupCommit(group, streams, CONCURRENCY, EVENTS, groupWarmup);
    const groupPerSec = rate(EVENTS, groupMs);
    const groupRows = Number(await group.headPosition());
    if (groupRows !== EVENTS + groupWarmup) throw new Error(`group row count ${groupRows} != ${EVENTS + groupWarmup}`);
    await group.close();
    group = undefined;
    log(`group commit x${CONCURRENCY}: ours ${Math.round(groupPerSec)}/s (${(groupPerSec / rawPerSec).toFixed(3)} x raw single-row)`);

    const result = {
      bench: 'append',
      events: EVENTS,
      eventBytes: EVENT_BYTES,
      streams: STREAMS,
      oursPerSec: Math.round(oursPerSec),
      rawPerSec: Math.round(rawPerSec),
      ratio: Number((oursPerSec / rawPerSec).toFixed(3)),
      ratioRoundsMedian: Number(median(roundRatios).toFixed(3)),
      groupCommit: {
        concurrency: CONCURRENCY,
        oursPerSec: Math.round(groupPerSec),
        ratioToRaw: Number((groupPerSec / rawPerSec).toFixed(3)),
      },
      node: process.version,
      synchronous: 'FULL',
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (ours) await ours.close().catch(() => undefined);
    if (group) await group.close().catch(() => undefined);
    raw?.close();
    tmp.cleanup();
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
