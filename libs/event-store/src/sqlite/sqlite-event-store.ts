import { EventEmitter } from 'node:events';
import { SqliteWriteConflict, SqliteWriter, openSqlite, type OpResult, type SqliteDatabase, type WriteOp } from '@shtc/platform';
import { GENESIS_HASH, sealEvent, type RecordedEvent } from '../envelope';
import { RecentEvents, type StoredEvent } from './recent-events';
import { SqliteStoredReads } from './stored-reads';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamStoredOptions,
  type StoredRecord,
  type StreamHead,
  type SubscribeOptions,
} from '../event-store.port';

export const SQLITE_EVENT_STORE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS streams (
    stream    TEXT PRIMARY KEY,
    revision  INTEGER NOT NULL,
    last_hash TEXT NOT NULL
  ) WITHOUT ROWID;
  -- position is the rowid: rows are never deleted, so it only grows.
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    stream   TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type     TEXT NOT NULL,
    data     TEXT NOT NULL,
    metadata TEXT NOT NULL,
    UNIQUE (stream, revision)
  );
`;

const INSERT_EVENT = 'INSERT INTO events (stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?)';
const CREATE_STREAM = 'INSERT OR IGNORE INTO streams (stream, revision, last_hash) VALUES (?, ?, ?)';
const ADVANCE_STREAM = 'UPDATE streams SET revision = ?, last_hash = ? WHERE stream = ? AND revision = ? AND last_hash = ?';

interface EventRow {
  position: number;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

/** What this process expects a stream's tip to be: committed by it, or its appends on their way to disk. */
interface StreamTip {
  revision: number;
  hash: string;
  /** Appends sent to the writer and not yet settled. */
  inFlight: number;
  /** An append failed: the prediction is wrong; new appends wait for the rest to settle, then read the file. */
  stale: boolean;
  settled: Array<() => void>;
}

/** Conflicts with another writer of the same file (another process) are retried this many times. */
const MAX_ATTEMPTS = 10;
/** A lone append commits on the caller's thread only while commits take less than this (ms). */
const INLINE_COMMIT_MS = 2;
/** Streams whose tip (revision, hash) is remembered after an append, so the next one need not read it. */
const MAX_TIPS = 10_000;

export interface SqliteEventStoreOptions {
  /** How often an idle subscription looks for events written by another process. */
  pollIntervalMs?: number;
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * The embedded event store. Appends are checked and sealed into the hash chain on the caller's
 * thread, then committed by a writer thread (SqliteWriter), so that the commit's fsync never
 * blocks the event loop; appends that reach the writer together share one transaction (group
 * commit), each in its own savepoint, and fail alone.
 *
 * The expected-revision check and the chain are decided here against the stream's tip: the tip
 * this process last committed or predicts while appends to the stream are in flight, else the row
 * on disk. The writer re-checks the tip it was sealed against (revision and hash, in the same
 * transaction), so an append by another process in between is never chained over: it fails, and
 * is checked and sealed again against what is on disk.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: SqliteDatabase;
  private readonly writer: SqliteWriter;
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private readonly tips = new Map<string, StreamTip>();
  private toCommit: Array<{ ops: WriteOp[]; resolve: (results: OpResult[]) => void; reject: (error: unknown) => void }> = [];
  private readonly recent = new RecentEvents();
  private emitScheduled = false;
  private closed = false;

  private readonly selectStream;
  private readonly selectStreamEvents;
  private readonly selectAll;
  private readonly selectHead;
  private readonly stored: SqliteStoredReads;

  constructor(readonly path: string, options: SqliteEventStoreOptions = {}) {
    const synchronous = options.synchronous ?? 'FULL';
    this.db = openSqlite(path, { synchronous });
    this.db.exec(SQLITE_EVENT_STORE_SCHEMA);
    this.writer = new SqliteWriter(path, { synchronous });
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.appended.setMaxListeners(0);
    this.selectStream = this.db.prepare<[string], { revision: number; last_hash: string }>(
      'SELECT revision, last_hash FROM streams WHERE stream = ?',
    );
    this.selectStreamEvents = this.db.prepare<[string, number, number], EventRow>(
      'SELECT * FROM events WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision',
    );
    this.selectAll = this.db.prepare<[number, number], EventRow>(
      'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    this.selectHead = this.db.prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events');
    this.stored = new SqliteStoredReads(this.db);
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('Event store is closed'));
    if (events.length === 0) return Promise.reject(new RangeError('Nothing to append'));
    return this.attempt(stream, events, expected, 1);
  }

  private async attempt(stream: string, events: NewEvent[], expected: ExpectedRevision, attempt: number): Promise<AppendResult> {
    let tip = this.tips.get(stream);
    if (tip?.stale) {
      await new Promise<void>((resolve) => tip!.settled.push(resolve));
      return this.attempt(stream, events, expected, attempt);
    }
    if (tip && tip.inFlight === 0 && !holds(expected, tip.revision)) {
      // The caller expects another revision than this process last wrote: another process (the
      // CLI) may have moved the stream since. The file decides, not the remembered tip.
      this.tips.delete(stream);
      tip = undefined;
    }
    // Everything up to write() runs in the caller's turn: appends reach the writer in call order.
    const current = tip ? { revision: tip.revision, last_hash: tip.hash } : this.selectStream.get(stream);
    if (tip && tip.inFlight > 0 && !holds(expected, current?.revision)) {
      // It lost to appends still on their way to disk: answer once they are there, so that a
      // caller who reads the stream again (to decide again) sees what it lost to.
      await new Promise<void>((resolve) => tip!.settled.push(resolve));
      return this.attempt(stream, events, expected, attempt);
    }
    if (tip) {
      // Most recently used last, for the eviction below.
      this.tips.delete(stream);
      this.tips.set(stream, tip);
    }
    checkExpected(stream, expected, current?.revision);
    let revision = current ? current.revision : -1;
    let prevHash = current ? current.last_hash : GENESIS_HASH;
    const inserts: WriteOp[] = [];
    for (const event of events) {
      const sealed = sealEvent(prevHash, event);
      revision += 1;
      inserts.push({ sql: INSERT_EVENT, params: [stream, revision, sealed.type, sealed.dataJson, JSON.stringify(sealed.metadata)] });
      prevHash = sealed.metadata.hash;
    }
    // First, the tip this was sealed against must still be the tip when it commits; then the events.
    const ops: WriteOp[] = [
      current
        ? { sql: ADVANCE_STREAM, params: [revision, prevHash, stream, current.revision, current.last_hash], expectOneChange: true }
        : { sql: CREATE_STREAM, params: [stream, revision, prevHash], expectOneChange: true },
      ...inserts,
    ];
    if (!tip) this.tips.set(stream, (tip = { revision, hash: prevHash, inFlight: 0, stale: false, settled: [] }));
    tip.revision = revision;
    tip.hash = prevHash;
    tip.inFlight += 1;

    try {
      const results = await this.commit(ops);
      // As stored, so subscriptions and the next command need not read them back (parsed when first read).
      const stored: StoredEvent[] = [];
      for (let i = 0; i < inserts.length; i++) {
        const params = inserts[i].params!;
        stored.push({
          stream,
          revision: params[1] as number,
          type: params[2] as string,
          position: BigInt(results[i + 1].lastInsertRowid),
          json: { data: params[3] as string, metadata: params[4] as string },
        });
      }
      this.recent.remember(stored);
      this.announce();
      return { nextRevision: revision, position: BigInt(results[results.length - 1].lastInsertRowid) };
    } catch (error) {
      tip.stale = true;
      if (!(error instanceof SqliteWriteConflict) || attempt >= MAX_ATTEMPTS) throw error;
    } finally {
      tip.inFlight -= 1;
      if (tip.inFlight === 0) {
        // A committed tip is kept (the next append need not read it; if another process moved the
        // stream, the writer's check fails and the append is sealed again); a wrong one is dropped.
        if (tip.stale && this.tips.get(stream) === tip) this.tips.delete(stream);
        for (const wake of tip.settled.splice(0)) wake();
        this.forgetOldTips();
      }
    }
    // Another writer of the file moved the stream: check and seal again against what it wrote.
    return this.attempt(stream, events, expected, attempt + 1);
  }

  /**
   * Commits one append's statements. The appends of one turn of the event loop go to the writer
   * thread together (one transaction, one fsync). A lone append, while the thread is idle and
   * commits are quick, commits here instead: the hop to the thread and back costs more than the
   * moment it holds the event loop (a single command awaited before the next, a CLI). Under load
   * (several appends at once, or slow commits: the disk is busy) everything goes to the thread.
   */
  private commit(ops: WriteOp[]): Promise<OpResult[]> {
    return new Promise((resolve, reject) => {
      this.toCommit.push({ ops, resolve, reject });
      if (this.toCommit.length > 1) return;
      setImmediate(() => {
        const batch = this.toCommit;
        this.toCommit = [];
        if (batch.length === 1 && this.writer.idle && this.writer.recentCommitMs < INLINE_COMMIT_MS) {
          const [{ ops: only, resolve: done, reject: fail }] = batch;
          try {
            done(this.writer.writeHere(this.db, only));
          } catch (error) {
            fail(error);
          }
          return;
        }
        for (const { ops: unit, resolve: done, reject: fail } of batch) this.writer.write(unit).then(done, fail);
      });
    });
  }

  /** Keeps at most MAX_TIPS streams' tips, dropping the least recently appended to (never one in flight). */
  private forgetOldTips(): void {
    if (this.tips.size <= MAX_TIPS) return;
    for (const [stream, tip] of this.tips) {
      if (this.tips.size <= MAX_TIPS) break;
      if (tip.inFlight === 0) this.tips.delete(stream);
    }
  }

  /** Wakes subscriptions once per turn, however many appends settled in it. */
  private announce(): void {
    if (this.emitScheduled) return;
    this.emitScheduled = true;
    queueMicrotask(() => {
      this.emitScheduled = false;
      this.appended.emit('appended');
    });
  }

  async readStream(stream: string, options: { fromRevision?: number; toRevision?: number } = {}) {
    // What is known here, then whatever the file has after it (another process may have appended).
    const known = this.recent.stream(stream);
    const count = known.length;
    const newer = this.selectStreamEvents.all(stream, count, Number.MAX_SAFE_INTEGER).map(toRecorded);
    this.recent.remember(newer);
    const events = newer.length === 0 ? known : [...known, ...newer];
    return events.slice(options.fromRevision ?? 0, (options.toRevision ?? Number.MAX_SAFE_INTEGER - 1) + 1);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllSync(options.after ?? 0n, options.limit ?? 1000, !options.bulk);
  }

  private readAllSync(after: bigint, limit: number, remember = true): RecordedEvent[] {
    const known = this.recent.after(Number(after), limit);
    // Up to the newest event this process knows of: the caller comes back for more, and what
    // another process appended meanwhile is read from the file then (when nothing is known).
    if (known.length === limit || (known.length > 0 && Number(known[known.length - 1].position) === this.recent.highest)) return known;
    const from = known.length === 0 ? after : known[known.length - 1].position;
    const read = this.selectAll.all(Number(from), limit - known.length).map(toRecorded);
    // Remembering costs about as much as the parse (and its garbage): worth it only for other readers.
    if (remember) this.recent.remember(read);
    return known.length === 0 ? read : [...known, ...read];
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.after ?? 0n;
    const { signal } = options;
    while (!signal?.aborted && !this.closed) {
      const page = this.readAllSync(after, 500);
      for (const event of page) {
        yield event;
        after = event.position;
        if (signal?.aborted) return;
      }
      // Caught up with what this process knows, or with the file: sleep until an append here, a
      // poll tick (another process), or abort.
      if (page.length < 500) await this.waitForAppend(signal);
    }
  }

  private waitForAppend(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off('appended', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.appended.on('appended', done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.selectHead.get()?.head ?? 0);
  }

  async readAllStored(options: ReadAllOptions = {}): Promise<StoredRecord[]> {
    return this.stored.all(options.after ?? 0n, options.limit ?? 1000);
  }

  async readStreamStored(stream: string, options: ReadStreamStoredOptions = {}): Promise<StoredRecord[]> {
    return this.stored.stream(stream, options.fromRevision ?? 0, options.limit ?? 1000);
  }

  /** The `streams` row, advanced by every append in the transaction that inserts its events. */
  async readHead(stream: string): Promise<StreamHead | undefined> {
    return this.stored.head(stream);
  }

  async *streamHeads(): AsyncIterable<StreamHead> {
    for (let after = ''; ; ) {
      const page = this.stored.heads(after, 1000);
      yield* page;
      if (page.length < 1000) return;
      after = page[page.length - 1].stream;
    }
  }

  async ping(): Promise<void> {
    await this.writer.ready;
    this.selectHead.get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already made commit before the file closes.
    while (this.toCommit.length > 0) await new Promise((resolve) => setImmediate(resolve));
    await this.writer.close();
    this.appended.emit('appended');
    this.db.close();
  }
}

function holds(expected: ExpectedRevision, actual: number | undefined): boolean {
  return (
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'number' && actual === expected)
  );
}

function checkExpected(stream: string, expected: ExpectedRevision, actual: number | undefined): void {
  if (!holds(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual ?? 'no_stream');
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    stream: row.stream,
    revision: row.revision,
    position: BigInt(row.position),
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}
