import { Worker } from 'node:worker_threads';

/** One statement of a unit of work, run on the writer thread. */
export interface WriteOp {
  sql: string;
  params?: unknown[];
  /** The unit fails with SqliteWriteConflict (and leaves no trace) unless this changes exactly one row. */
  expectOneChange?: boolean;
}

export interface OpResult {
  changes: number;
  lastInsertRowid: number;
}

/** A unit's `expectOneChange` did not hold: someone else changed the row first. */
export class SqliteWriteConflict extends Error {
  constructor(readonly opIndex: number) {
    super(`Write conflict at statement ${opIndex}`);
    this.name = 'SqliteWriteConflict';
  }
}

export interface SqliteWriterOptions {
  synchronous: 'FULL' | 'NORMAL';
}

type Outcome = { id: number; results: Array<[changes: number, rowid: number]> } | { id: number; error: { message: string; code?: string; conflictAt?: number } };
type FromWorker = { ready: { synchronous: number } } | { fatal: { message: string; code?: string } } | { outcomes: Outcome[]; commitMs?: number };

/** The caller's own connection to the file, as writeHere uses it (better-sqlite3's Database). */
interface LocalStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
export interface LocalDatabase {
  prepare(sql: string): LocalStatement;
  inTransaction: boolean;
}

interface Pending {
  resolve: (results: OpResult[]) => void;
  reject: (error: Error) => void;
}

/**
 * The writer thread's program (evaluated as a string, so it cannot close over anything: it gets
 * what it needs in workerData). Units that arrive together, or while a commit is running, are
 * committed in one transaction (group commit: one fsync for many), each in its own savepoint so a
 * failing unit rolls back alone.
 */
function writerThread(): void {
  const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
  const Database = require(workerData.driver);
  let db: any;
  const statements = new Map<string, any>();
  let begin: any, commit: any, rollback: any, savepoint: any, release: any, rollbackTo: any;
  const open = () => {
    db = new Database(workerData.path);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${workerData.synchronous}`);
    statements.clear();
    begin = db.prepare('BEGIN IMMEDIATE');
    commit = db.prepare('COMMIT');
    rollback = db.prepare('ROLLBACK');
    savepoint = db.prepare('SAVEPOINT unit');
    release = db.prepare('RELEASE unit');
    rollbackTo = db.prepare('ROLLBACK TO unit');
  };
  try {
    open();
    parentPort.postMessage({ ready: { synchronous: db.pragma('synchronous', { simple: true }) } });
  } catch (error: any) {
    parentPort.postMessage({ fatal: { message: error.message, code: error.code } });
    return;
  }
  const statement = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  // SQLite opens a file it may not write read-only, and the connection stays so once the file is
  // writable again (the thread started while its directory was read-only): after a batch it
  // refused with SQLITE_READONLY, the next one runs on a connection opened afresh.
  let reopen = false;
  const readOnly = (error: any) => typeof error?.code === 'string' && error.code.startsWith('SQLITE_READONLY');

  class Conflict extends Error {
    constructor(readonly at: number) {
      super('conflict');
    }
  }
  const runUnit = (ops: Array<{ sql: string; params?: unknown[]; expectOneChange?: boolean }>) =>
    ops.map((op, i) => {
      const info = statement(op.sql).run(...(op.params ?? []));
      if (op.expectOneChange && info.changes !== 1) throw new Conflict(i);
      return [info.changes, Number(info.lastInsertRowid)];
    });
  const failure = (id: number, error: any) => {
    if (readOnly(error)) reopen = true;
    return error instanceof Conflict ? { id, error: { message: 'conflict', conflictAt: error.at } } : { id, error: { message: String(error?.message ?? error), code: error?.code } };
  };

  let queue: Array<{ id: number; ops: any[] }> = [];
  const flush = () => {
    const started = performance.now();
    const batch = queue;
    queue = [];
    const outcomes: any[] = [];
    if (reopen) {
      try {
        db.close();
        open();
        reopen = false;
      } catch (error: any) {
        parentPort.postMessage({ outcomes: batch.map((unit) => failure(unit.id, error)) });
        return;
      }
    }
    try {
      begin.run();
      for (const unit of batch) {
        // One unit alone needs no savepoint: the transaction is all or nothing.
        if (batch.length === 1) {
          outcomes.push({ id: unit.id, results: runUnit(unit.ops) });
          continue;
        }
        savepoint.run();
        try {
          outcomes.push({ id: unit.id, results: runUnit(unit.ops) });
          release.run();
        } catch (error) {
          rollbackTo.run();
          release.run();
          outcomes.push(failure(unit.id, error));
        }
      }
      commit.run();
    } catch (error: any) {
      if (db.inTransaction) rollback.run();
      if (readOnly(error)) reopen = true;
      // A unit that failed alone keeps its own error; otherwise the commit failed for all.
      const alone = batch.length === 1 && outcomes.length === 0;
      parentPort.postMessage({ outcomes: batch.map((unit) => (alone ? failure(unit.id, error) : { id: unit.id, error: { message: String(error?.message ?? error), code: error?.code } })) });
      return;
    }
    parentPort.postMessage({ outcomes, commitMs: performance.now() - started });
  };
  let closing = false;
  const take = (message: any) => {
    if (message.close) closing = true;
    else for (const unit of message.units) queue.push(unit);
  };
  parentPort.on('message', (message: any) => {
    take(message);
    // Everything that arrived meanwhile (while the last commit ran) joins this batch: one commit.
    for (let more = receiveMessageOnPort(parentPort); more; more = receiveMessageOnPort(parentPort)) take(more.message);
    if (queue.length > 0) flush();
    if (closing) {
      db.close();
      parentPort.close();
    }
  });
}

/**
 * Runs the writes of one SQLite file on a thread of its own, so that commits (an fsync each
 * under synchronous=FULL) never block the event loop. Reads stay on the caller's connection:
 * in WAL mode they see every transaction committed before they start, so a read issued after a
 * write resolved sees it.
 */
export class SqliteWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private outbox: Array<{ id: number; ops: WriteOp[] }> = [];
  private posting = false;
  private nextId = 0;
  private failed: Error | null = null;
  private closed = false;
  private commitMs = 0;
  private readonly localStatements = new Map<string, LocalStatement>();
  /** The effective `PRAGMA synchronous` of the writing connection (2 = FULL). */
  readonly ready: Promise<{ synchronous: number }>;

  constructor(path: string, options: SqliteWriterOptions) {
    this.worker = new Worker(`(${writerThread.toString()})()`, {
      eval: true,
      workerData: { path, synchronous: options.synchronous, driver: require.resolve('better-sqlite3') },
    });
    let markReady: (value: { synchronous: number }) => void;
    let markFailed: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => ((markReady = resolve), (markFailed = reject)));
    this.ready.catch(() => undefined);
    this.worker.on('message', (message: FromWorker) => {
      if ('ready' in message) {
        markReady(message.ready);
        // Not once closing: close() refs the thread until it has exited, and a process whose only
        // work left is that exit would otherwise end before close() resolves.
        if (this.pending.size === 0 && !this.closed) this.worker.unref();
      } else if ('fatal' in message) {
        const error = Object.assign(new Error(message.fatal.message), { code: message.fatal.code });
        markFailed(error);
        this.fail(error);
      } else {
        if (message.commitMs !== undefined) this.noteCommit(message.commitMs);
        this.settle(message.outcomes);
      }
    });
    this.worker.on('error', (error) => {
      markFailed(error);
      this.fail(error);
    });
    this.worker.on('exit', (code) => {
      const error = new Error(`SQLite writer for ${path} exited (${code})`);
      markFailed(error);
      this.fail(error);
    });
    // Referenced until it has opened the file (someone may await `ready`), then only while writes are pending.
  }

  /** Runs the ops as one atomic unit; resolves once it is committed, with each op's changes and rowid. */
  write(ops: WriteOp[]): Promise<OpResult[]> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error('SQLite writer is closed'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.outbox.push({ id, ops });
      if (this.pending.size === 1) this.worker.ref();
      if (!this.posting) {
        this.posting = true;
        // An idle thread gets the write at once (latency); a busy one gets one message per turn of
        // the event loop (it takes all that arrived while it committed as its next batch).
        if (this.pending.size === 1) queueMicrotask(() => this.post());
        else setImmediate(() => this.post());
      }
    });
  }

  /** No write is on its way to the thread or being committed there. */
  get idle(): boolean {
    return this.pending.size === 0 && !this.failed && !this.closed;
  }

  /** Why the thread stopped (every write fails from then on), or null while it works. */
  get failure(): Error | null {
    return this.failed;
  }

  /** How long commits take lately (moving average, ms): here or on the thread, fsync included. */
  get recentCommitMs(): number {
    return this.commitMs;
  }

  /**
   * Runs one unit on the caller's connection `db` (opened on the same file, with the same
   * durability), as the thread would: for a lone write while the thread is idle, where the hop
   * to the thread and back would cost more than it saves. The caller makes sure the thread is
   * idle, so that the two connections of this process never wait on each other.
   */
  writeHere(db: LocalDatabase, ops: WriteOp[]): OpResult[] {
    const started = performance.now();
    this.local('BEGIN IMMEDIATE', db).run();
    try {
      const results: OpResult[] = new Array(ops.length);
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i];
        const info = this.local(op.sql, db).run(...(op.params ?? []));
        if (op.expectOneChange && info.changes !== 1) throw new SqliteWriteConflict(i);
        results[i] = { changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid) };
      }
      this.local('COMMIT', db).run();
      return results;
    } catch (error) {
      if (db.inTransaction) this.local('ROLLBACK', db).run();
      throw error;
    } finally {
      this.noteCommit(performance.now() - started);
    }
  }

  private local(sql: string, db: LocalDatabase): LocalStatement {
    let prepared = this.localStatements.get(sql);
    if (!prepared) this.localStatements.set(sql, (prepared = db.prepare(sql)));
    return prepared;
  }

  /** Waits for the writes in flight, then ends the thread (which closes its connection). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.pending.size > 0 && !this.failed) await new Promise((r) => setImmediate(r));
    if (this.failed) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.ref();
    this.worker.postMessage({ close: true });
    await exited;
  }

  private post(): void {
    this.posting = false;
    const units = this.outbox;
    this.outbox = [];
    if (units.length > 0) this.worker.postMessage({ units });
  }

  private settle(outcomes: Outcome[]): void {
    for (const outcome of outcomes) {
      const pending = this.pending.get(outcome.id);
      if (!pending) continue;
      this.pending.delete(outcome.id);
      if ('results' in outcome) pending.resolve(outcome.results.map(([changes, lastInsertRowid]) => ({ changes, lastInsertRowid })));
      else if (outcome.error.conflictAt !== undefined) pending.reject(new SqliteWriteConflict(outcome.error.conflictAt));
      else pending.reject(Object.assign(new Error(outcome.error.message), { code: outcome.error.code }));
    }
    if (this.pending.size === 0) this.worker.unref();
  }

  private noteCommit(ms: number): void {
    this.commitMs = this.commitMs === 0 ? ms : this.commitMs * 0.8 + ms * 0.2;
  }

  private fail(error: Error): void {
    if (this.closed && this.pending.size === 0) return; // the thread ended because we closed it
    this.failed ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
