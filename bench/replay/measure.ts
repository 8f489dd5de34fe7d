import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore, verifyIntegrity, type EventStore } from '@shtc/event-store';
import { openSqlite } from '@shtc/platform';

/**
 * The two scans the bench compares, each run in a process of its own (replay.bench.ts forks
 * one per run), so that each one's peak memory is its own and not the store generator's.
 */
export type ScanKind = 'raw' | 'verify';

export interface ScanResult {
  kind: ScanKind;
  events: number;
  streams: number | null;
  valid: boolean | null;
  ms: number;
  /** Peak resident set (VmHWM): includes the pages of the file that SQLite memory-maps. */
  peakRssMB: number;
  /** Peak of the memory the process allocated (RssAnon, sampled at every page read): the file's pages excluded. */
  peakAnonMB: number | null;
}

const PAGE = 1_000;
const STATUS = '/proc/self/status';

/** Samples RssAnon (Linux) and keeps the highest value seen. */
class AnonPeak {
  peakKiB = 0;
  readonly available = existsSync(STATUS);
  sample(): void {
    if (!this.available) return;
    const match = /RssAnon:\s+(\d+) kB/.exec(readFileSync(STATUS, 'latin1'));
    if (match) this.peakKiB = Math.max(this.peakKiB, Number(match[1]));
  }
  get mb(): number | null {
    return this.available ? Math.round(this.peakKiB / 1024) : null;
  }
}

/**
 * The baseline: every row of the event table in position order, a page at a time, data and
 * metadata through JSON.parse, on a connection opened as the store opens its own (memory-mapped).
 */
function rawScan(path: string, peak: AnonPeak): Pick<ScanResult, 'events'> {
  const db = openSqlite(path, { readonly: true });
  try {
    const page = db.prepare<[number, number], { position: number; stream: string; revision: number; type: string; data: string; metadata: string }>(
      'SELECT position, stream, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    let events = 0;
    let parsed = 0;
    for (let after = 0; ; ) {
      peak.sample();
      const rows = page.all(after, PAGE);
      for (const row of rows) {
        const data = JSON.parse(row.data);
        const metadata = JSON.parse(row.metadata);
        // Use what was parsed, so that no engine could skip the work.
        if (data !== null && metadata.hash) parsed += 1;
      }
      events += rows.length;
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].position;
    }
    if (parsed !== events) throw new Error(`raw scan parsed ${parsed} of ${events} rows`);
    return { events };
  } finally {
    db.close();
  }
}

/** The integrity check as GET /audit/integrity and the CLI run it, on a store opened afresh (nothing cached). */
async function verifyScan(path: string, peak: AnonPeak): Promise<Pick<ScanResult, 'events' | 'streams' | 'valid'>> {
  const store = new SqliteEventStore(path);
  // The same store, sampling memory whenever the check reads a page.
  const sampled = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key !== 'readAllStored' && key !== 'readStreamStored') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        peak.sample();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as EventStore;
  try {
    const report = await verifyIntegrity(sampled);
    peak.sample();
    return { events: report.events, streams: report.streams, valid: report.valid };
  } finally {
    await store.close();
  }
}

export async function scan(kind: ScanKind, path: string): Promise<ScanResult> {
  const peak = new AnonPeak();
  const started = performance.now();
  const counted = kind === 'raw' ? { ...rawScan(path, peak), streams: null, valid: null } : await verifyScan(path, peak);
  const ms = performance.now() - started;
  return { kind, ...counted, ms, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), peakAnonMB: peak.mb };
}
