import { EventEmitter } from 'node:events';
import { openSqlite, type SqliteDatabase } from '@shtc/platform';
import { GENESIS_HASH, sealEvent, type RecordedEvent } from '../envelope';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
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

interface EventRow {
  position: number;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

type Outcome = { ok: AppendResult } | { error: unknown };

interface PendingAppend {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export interface SqliteEventStoreOptions {
  /** How often an idle subscription looks for events written by another process. */
  pollIntervalMs?: number;
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * The embedded event store. Appends issued in the same tick are committed together in one
 * transaction (group commit: one fsync for many commands); each keeps its own expected-revision
 * check and fails alone, inside its own savepoint.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: SqliteDatabase;
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  private readonly selectStream;
  private readonly insertStream;
  private readonly updateStream;
  private readonly insertEvent;
  private readonly selectStreamEvents;
  private readonly selectAll;
  private readonly selectHead;
  /** Transaction functions are built once: better-sqlite3 makes closures for each one built. */
  private readonly commitOne: (request: PendingAppend) => AppendResult;
  private readonly commitBatch: (batch: PendingAppend[]) => Outcome[];

  constructor(readonly path: string, options: SqliteEventStoreOptions = {}) {
    this.db = openSqlite(path, { synchronous: options.synchronous ?? 'FULL' });
    this.db.exec(SQLITE_EVENT_STORE_SCHEMA);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.appended.setMaxListeners(0);
    this.selectStream = this.db.prepare<[string], { revision: number; last_hash: string }>(
      'SELECT revision, last_hash FROM streams WHERE stream = ?',
    );
    this.insertStream = this.db.prepare('INSERT INTO streams (stream, revision, last_hash) VALUES (?, ?, ?)');
    this.updateStream = this.db.prepare('UPDATE streams SET revision = ?, last_hash = ? WHERE stream = ?');
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectStreamEvents = this.db.prepare<[string, number, number], EventRow>(
      'SELECT * FROM events WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision',
    );
    this.selectAll = this.db.prepare<[number, number], EventRow>(
      'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    this.selectHead = this.db.prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events');
    const appendNow = (request: PendingAppend) => this.appendNow(request);
    this.commitOne = this.db.transaction(appendNow).immediate;
    // Nested in the batch's transaction, each request runs in a savepoint: a refused one leaves no trace.
    const appendInSavepoint = this.db.transaction(appendNow);
    this.commitBatch = this.db.transaction((batch: PendingAppend[]) =>
      batch.map((request): Outcome => {
        try {
          return { ok: appendInSavepoint(request) };
        } catch (error) {
          return { error };
        }
      }),
    ).immediate;
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('Event store is closed'));
    if (events.length === 0) return Promise.reject(new RangeError('Nothing to append'));
    return new Promise((resolve, reject) => {
      this.pending.push({ stream, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    let outcomes: Outcome[];
    try {
      outcomes = batch.length === 1 ? [this.commitAlone(batch[0])] : this.commitBatch(batch);
    } catch (commitError) {
      for (const request of batch) request.reject(commitError);
      return;
    }
    batch.forEach((request, i) => {
      const outcome = outcomes[i];
      if ('ok' in outcome) request.resolve(outcome.ok);
      else request.reject(outcome.error);
    });
    if (outcomes.some((outcome) => 'ok' in outcome)) this.appended.emit('appended');
  }

  /** A batch of one needs no savepoint: its transaction alone is all or nothing. */
  private commitAlone(request: PendingAppend): Outcome {
    try {
      return { ok: this.commitOne(request) };
    } catch (error) {
      return { error };
    }
  }

  private appendNow({ stream, events, expected }: PendingAppend): AppendResult {
    const current = this.selectStream.get(stream);
    checkExpected(stream, expected, current?.revision);
    let revision = current ? current.revision : -1;
    let prevHash = current ? current.last_hash : GENESIS_HASH;
    let position = 0n;
    for (const event of events) {
      const sealed = sealEvent(prevHash, event);
      revision += 1;
      const info = this.insertEvent.run(
        stream,
        revision,
        sealed.type,
        sealed.dataJson,
        JSON.stringify(sealed.metadata),
      );
      position = BigInt(info.lastInsertRowid);
      prevHash = sealed.metadata.hash;
    }
    if (current) this.updateStream.run(revision, prevHash, stream);
    else this.insertStream.run(stream, revision, prevHash);
    return { nextRevision: revision, position };
  }

  async readStream(stream: string, options: { fromRevision?: number; toRevision?: number } = {}) {
    const rows = this.selectStreamEvents.all(
      stream,
      options.fromRevision ?? 0,
      options.toRevision ?? Number.MAX_SAFE_INTEGER,
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllSync(options.after ?? 0n, options.limit ?? 1000);
  }

  private readAllSync(after: bigint, limit: number): RecordedEvent[] {
    return this.selectAll.all(Number(after), limit).map(toRecorded);
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
      // Caught up: sleep until an append here, a poll tick (another process), or abort.
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

  async *listStreams(): AsyncIterable<string> {
    for (const row of this.db.prepare<[], { stream: string }>('SELECT stream FROM streams ORDER BY stream').iterate()) {
      yield row.stream;
    }
  }

  async ping(): Promise<void> {
    this.selectHead.get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let appends already queued commit before the file closes.
    while (this.pending.length > 0 || this.flushScheduled) await new Promise((r) => setImmediate(r));
    this.closed = true;
    this.appended.emit('appended');
    this.db.close();
  }
}

function checkExpected(stream: string, expected: ExpectedRevision, actual: number | undefined): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'number' && actual === expected);
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, actual ?? 'no_stream');
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
