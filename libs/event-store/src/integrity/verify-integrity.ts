import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore, StreamHead } from '../event-store.port';
import { StreamChain, type ChainBreak } from './chain';

export interface IntegrityReport {
  valid: boolean;
  /** Streams checked. */
  streams: number;
  /** Events checked. */
  events: number;
  /** Every broken stream once, at its first broken revision, by stream name. */
  broken: ChainBreak[];
  /** The log's head when the check began: everything up to it was read (later appends only where a head led to them). */
  position: bigint;
}

export interface VerifyIntegrityOptions {
  /** Only this stream; every stream when omitted. */
  stream?: string;
  /** Events per read (default 1,000): what the check holds of the log at a time. */
  pageSize?: number;
}

const PAGE_SIZE = 1_000;
/**
 * The SQLite store reads synchronously: a check on a running server gives the event loop back
 * after every page (and every this many heads), so that requests are served while it runs.
 */
const HEADS_PER_TURN = 1_000;

/**
 * The one integrity check (GET /audit/integrity, `npm run cli -- verify-integrity`): every stream's
 * hash chain, and each stream's end against its recorded head.
 *
 * The whole log is read once in position order, a page at a time, with one StreamChain per stream
 * (a revision and a hash, not its events): memory grows with the number of streams, never with
 * the number of events, and the pages are read in the order the store keeps them. Then each
 * recorded head is compared with where its chain ended: that finds an end truncated, events
 * beyond the head, and streams whose every event is gone. A stream that was appended to while the
 * check ran has a head beyond what the scan read: the events in between are read from the stream
 * and checked too, so a live store is not reported truncated.
 *
 * One stream is read alone, in pages by revision, then compared with its head the same way.
 */
export async function verifyIntegrity(store: EventStore, options: VerifyIntegrityOptions = {}): Promise<IntegrityReport> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const report: IntegrityReport = { valid: true, streams: 0, events: 0, broken: [], position: await store.headPosition() };
  const count = (chain: StreamChain) => {
    report.streams += 1;
    report.events += chain.events;
    if (chain.broken) report.broken.push(chain.broken);
  };
  if (options.stream === undefined) await verifyAll(store, report.position, pageSize, count);
  else await verifyOne(store, options.stream, pageSize, count);
  report.broken.sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
  report.valid = report.broken.length === 0;
  return report;
}

/** Every stream: a scan of the log up to `until`, then every recorded head; each chain is counted once settled. */
async function verifyAll(store: EventStore, until: bigint, pageSize: number, count: (chain: StreamChain) => void): Promise<void> {
  const chains = new Map<string, StreamChain>();
  let after = 0n;
  scan: for (;;) {
    const page = await store.readAllStored({ after, limit: pageSize });
    for (const record of page) {
      if (record.position > until) break scan;
      let chain = chains.get(record.stream);
      if (!chain) chains.set(record.stream, (chain = new StreamChain(record.stream)));
      chain.accept(record);
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1].position;
    await nextTurn();
  }
  let heads = 0;
  for await (const head of store.streamHeads()) {
    const chain = chains.get(head.stream) ?? new StreamChain(head.stream);
    chains.delete(head.stream);
    await settle(store, chain, head, pageSize);
    count(chain);
    if (++heads % HEADS_PER_TURN === 0) await nextTurn();
  }
  // Read in the log, but no head recorded.
  for (const chain of chains.values()) {
    await settle(store, chain, undefined, pageSize);
    count(chain);
  }
}

async function verifyOne(store: EventStore, stream: string, pageSize: number, count: (chain: StreamChain) => void): Promise<void> {
  const chain = new StreamChain(stream);
  await readOn(store, chain, Number.MAX_SAFE_INTEGER, pageSize);
  // Read after the events: a head only moves forward, so one behind them was not moved by an append.
  const head = await store.readHead(stream);
  if (chain.events === 0 && !head) return; // no such stream
  await settle(store, chain, head, pageSize);
  count(chain);
}

/** Compares where a chain ended with the stream's recorded head, reading on to the head first. */
async function settle(store: EventStore, chain: StreamChain, head: StreamHead | undefined, pageSize: number): Promise<void> {
  if (chain.broken) return;
  if (!head) {
    chain.fail(chain.revision + 1, 'HEAD_MISSING', `the store gives no head for this stream (none is recorded, or its last event cannot be read): what follows revision ${chain.revision} cannot be vouched for`);
    return;
  }
  // Appended since the scan passed, or missing: reading the stream tells which.
  if (chain.revision < head.revision) await readOn(store, chain, head.revision, pageSize);
  if (chain.broken) return;
  if (chain.revision < head.revision) {
    const first = chain.revision + 1;
    const end = chain.revision < 0 ? 'no event is left' : `the events end at revision ${chain.revision}`;
    chain.fail(first, 'TRUNCATED', `${end} but the stream's recorded head is revision ${head.revision}: revisions ${first} to ${head.revision} are missing`);
  } else if (chain.revision > head.revision) {
    chain.fail(head.revision + 1, 'BEYOND_HEAD', `events run to revision ${chain.revision}, past the stream's recorded head, revision ${head.revision}`);
  } else if (chain.hash !== head.hash) {
    chain.fail(head.revision, 'HEAD_MISMATCH', `revision ${head.revision} is not the event the stream's recorded head names (its hash differs)`);
  }
}

/**
 * Reads a stream in pages by revision, from where its chain stands up to `last`, checking each
 * event; after a break the rest is counted, not checked.
 */
async function readOn(store: EventStore, chain: StreamChain, last: number, pageSize: number): Promise<void> {
  let next = chain.revision + 1;
  while (next <= last) {
    const page = await store.readStreamStored(chain.stream, { fromRevision: next, limit: Math.min(pageSize, last - next + 1) });
    if (page.length === 0) return;
    for (const record of page) chain.accept(record);
    next = page[page.length - 1].revision + 1;
    if (page.length === pageSize) await nextTurn();
  }
}
