import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { openSqlite, type SqliteDatabase } from '@shtc/platform';
import { afterCursor, encodeCursor, pageSize, totalSort } from '../paging';
import type {
  CollectionSpec,
  Document,
  FieldOperators,
  Filter,
  FindOptions,
  Page,
  ReadStore,
  Scalar,
  UnitOfWork,
} from '../read-store.port';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * The embedded read store: one table per collection holding JSON documents; declared indexes
 * become expression indexes on exactly the `json_extract` expressions the queries use.
 */
export class SqliteReadStore implements ReadStore {
  private readonly db: SqliteDatabase;
  private readonly statements = new Map<string, Statement>();
  private readonly knownTables = new Set<string>();

  constructor(readonly path: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
    this.db = openSqlite(path, { synchronous: options.synchronous ?? 'FULL' });
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const table = this.table(spec.name);
    for (const index of spec.indexes ?? []) {
      const columns = index.fields.map(([field, direction]) => `${column(field)} ${direction.toUpperCase()}`);
      const name = `ix_${table}_${createHash('sha1').update(columns.join(',')).digest('hex').slice(0, 10)}`;
      this.db.exec(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns.join(', ')})`);
    }
  }

  async dropCollection(name: string): Promise<void> {
    const table = tableName(name);
    this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
    this.knownTables.delete(table);
    for (const sql of [...this.statements.keys()]) if (sql.includes(`"${table}"`)) this.statements.delete(sql);
  }

  async get<T extends Document>(collection: string, id: string): Promise<T | null> {
    return this.getSync<T>(collection, id);
  }

  private getSync<T extends Document>(collection: string, id: string): T | null {
    const row = this.statement(`SELECT doc FROM "${this.table(collection)}" WHERE id = ?`).get(id) as
      | { doc: string }
      | undefined;
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async find<T extends Document>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<Page<T>> {
    const sort = totalSort(options.sort);
    const limit = pageSize(options.limit);
    const where = options.cursor ? { $and: [filter, afterCursor(options.cursor, sort)] } : filter;
    const params: unknown[] = [];
    const condition = toSql(where, params);
    const order = sort.map(([field, direction]) => `${column(field)} ${direction.toUpperCase()}`).join(', ');
    const rows = this.statement(
      `SELECT doc FROM "${this.table(collection)}" WHERE ${condition} ORDER BY ${order} LIMIT ?`,
    ).all(...params, limit + 1) as Array<{ doc: string }>;
    const items = rows.slice(0, limit).map((row) => JSON.parse(row.doc) as T);
    const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1], sort) : null;
    return { items, nextCursor };
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    const params: unknown[] = [];
    const condition = toSql(filter, params);
    const row = this.statement(`SELECT COUNT(*) AS n FROM "${this.table(collection)}" WHERE ${condition}`).get(
      ...params,
    ) as { n: number };
    return row.n;
  }

  async put(collection: string, doc: Document): Promise<void> {
    this.putSync(collection, doc);
  }

  private putSync(collection: string, doc: Document): void {
    this.statement(
      `INSERT INTO "${this.table(collection)}" (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
    ).run(doc.id, JSON.stringify(doc));
  }

  async insertIfAbsent(collection: string, doc: Document): Promise<boolean> {
    const info = this.statement(`INSERT OR IGNORE INTO "${this.table(collection)}" (id, doc) VALUES (?, ?)`).run(
      doc.id,
      JSON.stringify(doc),
    );
    return info.changes === 1;
  }

  async delete(collection: string, id: string): Promise<void> {
    this.deleteSync(collection, id);
  }

  private deleteSync(collection: string, id: string): void {
    this.statement(`DELETE FROM "${this.table(collection)}" WHERE id = ?`).run(id);
  }

  async unitOfWork<R>(work: (uow: UnitOfWork) => Promise<R>): Promise<R> {
    // better-sqlite3 transactions cannot span an await: buffer the writes, then commit them at once.
    const pending = new Map<string, Map<string, Document | null>>();
    const changes = (collection: string) => {
      let map = pending.get(collection);
      if (!map) pending.set(collection, (map = new Map()));
      return map;
    };
    const uow: UnitOfWork = {
      get: async <T extends Document>(collection: string, id: string) => {
        const written = pending.get(collection)?.get(id);
        if (written !== undefined) return written === null ? null : (structuredClone(written) as T);
        return this.getSync<T>(collection, id);
      },
      put: (collection, doc) => void changes(collection).set(doc.id, structuredClone(doc)),
      delete: (collection, id) => void changes(collection).set(id, null),
    };
    const result = await work(uow);
    this.db
      .transaction(() => {
        for (const [collection, docs] of pending) {
          for (const [id, doc] of docs) {
            if (doc) this.putSync(collection, doc);
            else this.deleteSync(collection, id);
          }
        }
      })
      .immediate();
    return result;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private table(collection: string): string {
    const table = tableName(collection);
    if (!this.knownTables.has(table)) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      this.knownTables.add(table);
    }
    return table;
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}

function tableName(collection: string): string {
  if (!NAME.test(collection)) throw new RangeError(`Not a collection name: ${collection}`);
  return `c_${collection}`;
}

function column(path: string): string {
  if (path === 'id') return 'id';
  if (!PATH.test(path)) throw new RangeError(`Not a field path: ${path}`);
  return `json_extract(doc, '$.${path}')`;
}

/** SQLite has no booleans: json_extract answers 1 and 0. */
function bind(value: Scalar): unknown {
  return typeof value === 'boolean' ? Number(value) : value;
}

function toSql(filter: Filter, params: unknown[]): string {
  const parts: string[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === '$or' || key === '$and') {
      const branches = (condition as Filter[]).map((branch) => `(${toSql(branch, params)})`);
      if (branches.length === 0) parts.push(key === '$or' ? '0' : '1');
      else parts.push(`(${branches.join(key === '$or' ? ' OR ' : ' AND ')})`);
      continue;
    }
    const expr = column(key);
    const ops: FieldOperators =
      condition === null || typeof condition !== 'object' ? { $eq: condition as Scalar } : (condition as FieldOperators);
    for (const [op, value] of Object.entries(ops) as Array<[keyof FieldOperators, Scalar | Scalar[]]>) {
      parts.push(operatorSql(expr, op, value, params));
    }
  }
  return parts.length ? parts.join(' AND ') : '1';
}

function operatorSql(expr: string, op: keyof FieldOperators, value: Scalar | Scalar[], params: unknown[]): string {
  if (op === '$in') {
    const values = value as Scalar[];
    if (values.length === 0) return '0';
    params.push(...values.map(bind));
    return `${expr} IN (${values.map(() => '?').join(', ')})`;
  }
  if (value === null) {
    if (op === '$eq') return `${expr} IS NULL`;
    if (op === '$ne') return `${expr} IS NOT NULL`;
  }
  params.push(bind(value as Scalar));
  switch (op) {
    case '$eq':
      return `${expr} = ?`;
    case '$ne': // as in MongoDB, a missing field is "not equal"
      return `(${expr} IS NULL OR ${expr} != ?)`;
    case '$gt':
      return `${expr} > ?`;
    case '$gte':
      return `${expr} >= ?`;
    case '$lt':
      return `${expr} < ?`;
    case '$lte':
      return `${expr} <= ?`;
  }
}
