import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { SqliteWriter, deepFreeze, openSqlite, type SqliteDatabase, type WriteOp } from '@shtc/platform';
import { afterCursor, encodeCursor, pageSize, totalSort, valueAt } from '../paging';
import { column, countSql, findSql } from './sqlite-filter';
import type { CollectionSpec, Document, Filter, FindOptions, Page, ReadStore, Sort, UnitOfWork } from '../read-store.port';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Rows ANALYZE reads of each index: enough for the planner's choices, a second at 1,000,000 cases. */
const ANALYSIS_LIMIT = 1000;
const OPTIMIZE_EVERY_MS = 60 * 60 * 1000;

/**
 * The embedded read store: one table per collection holding JSON documents; declared indexes
 * become expression indexes on exactly the `json_extract` expressions the queries use.
 *
 * Reads run on the caller's connection; writes run on a writer thread (SqliteWriter), so that a
 * commit's fsync never blocks the event loop, and units of work that reach it together (the
 * projections' batches, one each) share one transaction and one fsync, each still all or nothing.
 */
export class SqliteReadStore implements ReadStore {
  private readonly db: SqliteDatabase;
  private readonly writer: SqliteWriter;
  private readonly statements = new Map<string, Statement>();
  /** Tables seen to exist, so reads can use them (a read of a missing collection finds nothing). */
  private readonly readableTables = new Set<string>();
  /** Tables this store has created, so writes need not ask for them again. */
  private readonly createdTables = new Set<string>();
  private readonly tableExists: Statement;

  private readonly optimizing: NodeJS.Timeout;

  constructor(readonly path: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
    const synchronous = options.synchronous ?? 'FULL';
    this.db = openSqlite(path, { synchronous });
    this.writer = new SqliteWriter(path, { synchronous });
    this.tableExists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    // As SQLite advises for a long-lived connection: now, and now and then as collections grow.
    this.optimizing = setInterval(() => void this.optimize().catch(() => undefined), OPTIMIZE_EVERY_MS).unref();
    void this.optimize().catch(() => undefined);
  }

  /**
   * Statistics for the planner (`PRAGMA optimize`: ANALYZE of the tables that never had it or grew
   * tenfold since, sampled). Without them SQLite guesses, and at 1,000,000 cases it took the queue
   * index that gives the order and filtered the destination row by row: 170 ms a queue page
   * instead of 0.1–0.4 ms through the index that starts with queue and destination.
   */
  async optimize(): Promise<void> {
    await this.writer.write([{ sql: `PRAGMA analysis_limit=${ANALYSIS_LIMIT}` }, { sql: 'PRAGMA optimize=0x10002' }]);
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const table = tableName(spec.name);
    const ops: WriteOp[] = [createTable(table)];
    for (const index of spec.indexes ?? []) {
      const columns = index.fields.map(([field, direction]) => `${column(field)} ${direction.toUpperCase()}`);
      const name = `ix_${table}_${createHash('sha1').update(columns.join(',')).digest('hex').slice(0, 10)}`;
      ops.push({ sql: `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns.join(', ')})` });
    }
    await this.writer.write(ops);
    this.createdTables.add(table);
  }

  async dropCollection(name: string): Promise<void> {
    const table = tableName(name);
    await this.writer.write([{ sql: `DROP TABLE IF EXISTS "${table}"` }]);
    this.createdTables.delete(table);
    this.readableTables.delete(table);
    for (const sql of [...this.statements.keys()]) if (sql.includes(`"${table}"`)) this.statements.delete(sql);
  }

  async get<T extends Document>(collection: string, id: string): Promise<T | null> {
    return this.getSync<T>(collection, id);
  }

  private getSync<T extends Document>(collection: string, id: string): T | null {
    const table = this.readable(collection);
    if (!table) return null;
    const row = this.statement(`SELECT doc FROM "${table}" WHERE id = ?`).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async find<T extends Document>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<Page<T>> {
    const sort = totalSort(options.sort);
    const limit = pageSize(options.limit);
    const cursor = options.cursor ? afterCursor(options.cursor, sort) : null;
    const table = this.readable(collection);
    if (!table) return { items: [], nextCursor: null };
    const branches = alternatives(filter);
    const docs = branches
      ? this.findEach<T>(table, branches.map((branch) => (cursor ? { $and: [branch, cursor] } : branch)), sort, limit + 1)
      : this.findRows(table, cursor ? { $and: [filter, cursor] } : filter, sort, limit + 1).map((row) => JSON.parse(row.doc) as T);
    const items = docs.slice(0, limit);
    const nextCursor = docs.length > limit ? encodeCursor(items[items.length - 1], sort) : null;
    return { items, nextCursor };
  }

  private findRows(table: string, where: Filter, sort: Sort, limit: number): Array<{ doc: string }> {
    const params: unknown[] = [];
    return this.statement(findSql(table, where, sort, params)).all(...params, limit) as Array<{ doc: string }>;
  }

  /**
   * A filter of alternatives ($or: an account's own cases or those it filed as an agent) as one
   * query sorts every match, since no one index gives that order: the case list then read and
   * sorted all of an account's cases for each page. Each alternative alone is a range of an
   * index already in order, so this reads at most a page of each and merges them, in one read
   * transaction so that they see the same state.
   */
  private findEach<T extends Document>(table: string, branches: Filter[], sort: Sort, limit: number): T[] {
    const found = this.readTransaction(() => branches.map((branch) => this.findRows(table, branch, sort, limit)));
    const nonEmpty = found.filter((rows) => rows.length > 0);
    // Most often one alternative matches (own cases, or an agent's): its page is the answer.
    if (nonEmpty.length <= 1) return (nonEmpty[0] ?? []).map((row) => JSON.parse(row.doc) as T);
    // Sort keys from the parsed documents: selecting json_extract beside doc parses each row again in SQLite.
    const all = nonEmpty.flat().map((row) => {
      const doc = JSON.parse(row.doc) as T;
      return { doc, keys: sort.map(([field]) => sqliteValue(valueAt(doc, field))) };
    });
    all.sort((a, b) => {
      for (let i = 0; i < sort.length; i++) {
        const order = compareSqlite(a.keys[i], b.keys[i]);
        if (order !== 0) return sort[i][1] === 'asc' ? order : -order;
      }
      return 0;
    });
    const seen = new Set<string>();
    const docs: T[] = [];
    for (const { doc } of all) {
      if (seen.has(doc.id)) continue; // a document that more than one alternative matches
      seen.add(doc.id);
      docs.push(doc);
      if (docs.length === limit) break;
    }
    return docs;
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    const params: unknown[] = [];
    // Translated first: a filter outside the language is refused even for a collection not yet made.
    const sql = countSql(tableName(collection), filter, params);
    if (!this.readable(collection)) return 0;
    return (this.statement(sql).get(...params) as { n: number }).n;
  }

  async put(collection: string, doc: Document): Promise<void> {
    const table = tableName(collection);
    await this.write([table], [upsert(table, doc)]);
  }

  async insertIfAbsent(collection: string, doc: Document): Promise<boolean> {
    const table = tableName(collection);
    const results = await this.write([table], [{ sql: `INSERT OR IGNORE INTO "${table}" (id, doc) VALUES (?, ?)`, params: [doc.id, JSON.stringify(doc)] }]);
    return results[results.length - 1].changes === 1;
  }

  async delete(collection: string, id: string): Promise<void> {
    const table = tableName(collection);
    await this.write([table], [remove(table, id)]);
  }

  async unitOfWork<R>(work: (uow: UnitOfWork) => Promise<R>): Promise<R> {
    // The writes are buffered, then committed at once (a transaction cannot span an await).
    const pending = new Map<string, Map<string, Document | null>>();
    const changes = (collection: string) => {
      let map = pending.get(collection);
      if (!map) pending.set(collection, (map = new Map()));
      return map;
    };
    // A document put is frozen, not copied: a projection reads back what it wrote many times a
    // batch (each event of a case), and a copy each time cost more than the rest of its work.
    // Projections build new documents rather than change old ones; one that changed a document it
    // had put, or read back, fails loudly (strict mode) instead of changing what was written.
    const uow: UnitOfWork = {
      get: async <T extends Document>(collection: string, id: string) => {
        const written = pending.get(collection)?.get(id);
        if (written !== undefined) return written as T | null;
        return this.getSync<T>(collection, id);
      },
      put: (collection, doc) => void changes(collection).set(doc.id, deepFreeze(doc)),
      delete: (collection, id) => void changes(collection).set(id, null),
    };
    const result = await work(uow);
    const tables: string[] = [];
    const ops: WriteOp[] = [];
    for (const [collection, docs] of pending) {
      const table = tableName(collection);
      tables.push(table);
      for (const [id, doc] of docs) ops.push(doc ? upsert(table, doc) : remove(table, id));
    }
    if (ops.length > 0) await this.write(tables, ops);
    return result;
  }

  async ping(): Promise<void> {
    await this.writer.ready;
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    clearInterval(this.optimizing);
    await this.writer.close();
    if (this.db.open) this.db.close();
  }

  /** Sends one unit to the writer, creating the tables it writes first when this store has not yet. */
  private async write(tables: string[], ops: WriteOp[]) {
    const missing = tables.filter((table) => !this.createdTables.has(table));
    const results = await this.writer.write([...missing.map(createTable), ...ops]);
    for (const table of missing) this.createdTables.add(table);
    return results;
  }

  /** The table of a collection if it exists (reads do not create it). */
  private readable(collection: string): string | null {
    const table = tableName(collection);
    if (this.readableTables.has(table)) return table;
    if (!this.tableExists.get(table)) return null;
    this.readableTables.add(table);
    return table;
  }

  private readTransaction<R>(read: () => R): R {
    this.statement('BEGIN').run();
    try {
      return read();
    } finally {
      this.statement('COMMIT').run();
    }
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}

/**
 * The alternatives of a filter whose top level is a small `$or` (with any other conditions
 * applying to each), or null. Past a few alternatives one query is likely cheaper.
 */
function alternatives(filter: Filter): Filter[] | null {
  const { $or: branches, ...rest } = filter;
  if (!branches || branches.length < 2 || branches.length > 4) return null;
  return Object.keys(rest).length === 0 ? branches : branches.map((branch) => ({ $and: [rest, branch] }));
}

/** A document's value as json_extract gives it: booleans as 1 and 0, objects and arrays as JSON text. */
function sqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** SQLite's order of values: NULL, then numbers, then text by its UTF-8 bytes (BINARY). */
function compareSqlite(a: unknown, b: unknown): number {
  const rank = (value: unknown) => (value === null || value === undefined ? 0 : typeof value === 'string' ? 2 : 1);
  const byType = rank(a) - rank(b);
  if (byType !== 0 || a === null || a === undefined) return byType;
  if (typeof a === 'string') return compareUtf8(a, b as string);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** UTF-8 bytes order as code points do; UTF-16 units differ only where a surrogate meets U+E000–U+FFFF. */
function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function createTable(table: string): WriteOp {
  return { sql: `CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY, doc TEXT NOT NULL)` };
}

function upsert(table: string, doc: Document): WriteOp {
  return {
    sql: `INSERT INTO "${table}" (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
    params: [doc.id, JSON.stringify(doc)],
  };
}

function remove(table: string, id: string): WriteOp {
  return { sql: `DELETE FROM "${table}" WHERE id = ?`, params: [id] };
}

function tableName(collection: string): string {
  if (!NAME.test(collection)) throw new RangeError(`Not a collection name: ${collection}`);
  return `c_${collection}`;
}
