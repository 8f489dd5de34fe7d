import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite, type SqliteDatabase } from '@shtc/platform';
import type { Filter, Sort } from '../read-store.port';
import { countSql, findSql, toSql } from './sqlite-filter';
import { SqliteReadStore } from './sqlite-read-store';

// The hot queries of the projections and the API, as the store runs them, against the indexes
// those projections declare: each must be a search of its index in sort order (no sorting of the
// matches), and the shipment count must be answered from the index alone.
describe('SQLite query plans', () => {
  let db: SqliteDatabase;
  const path = join(mkdtempSync(join(tmpdir(), 'plans-')), 'read.sqlite');

  beforeAll(async () => {
    const store = new SqliteReadStore(path);
    await store.ensureCollection({
      name: 'queue',
      indexes: [
        { fields: [['queue', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
        { fields: [['queue', 'asc'], ['assigneeId', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
        { fields: [['queue', 'asc'], ['pausedOverdue', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
        { fields: [['queue', 'asc'], ['flagged.HIT', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
      ],
    });
    await store.ensureCollection({
      name: 'licences',
      indexes: [
        { fields: [['status', 'asc'], ['validUntil', 'asc'], ['id', 'asc']] },
        { fields: [['holderId', 'asc'], ['closeOutOwedBy', 'asc'], ['id', 'asc']] },
      ],
    });
    await store.ensureCollection({ name: 'cases', indexes: [{ fields: [['applicantId', 'asc'], ['appliedOn', 'desc'], ['id', 'desc']] }] });
    await store.ensureCollection({ name: 'shipments', indexes: [{ fields: [['exporterId', 'asc'], ['importerKey', 'asc'], ['country', 'asc'], ['releasedOn', 'desc']] }] });
    await store.close();
    db = openSqlite(path);
  });
  afterAll(() => db.close());

  const plan = (sql: string, params: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail).join('\n');
  const findPlan = (collection: string, filter: Filter, sort: Sort) => {
    const params: unknown[] = [];
    return plan(findSql(`c_${collection}`, filter, sort, params), [...params, 51]);
  };
  const byDueDate: Sort = [['dueDate', 'asc'], ['id', 'asc']];

  it.each<[string, string, Filter, Sort]>([
    ['a queue by flag (a boolean)', 'queue', { queue: 'INITIAL_REVIEW', 'flagged.HIT': true }, byDueDate],
    ['a queue by pause (a boolean)', 'queue', { queue: 'AWAITING_SUPPLEMENT', pausedOverdue: false }, byDueDate],
    ['an unassigned queue (null)', 'queue', { queue: 'INITIAL_REVIEW', assigneeId: null }, byDueDate],
    ['an overdue queue (a string range below)', 'queue', { queue: 'INITIAL_REVIEW', dueDate: { $lt: '2026-12-01' } }, byDueDate],
    ['a queue page after a cursor', 'queue', { $and: [{ queue: 'INITIAL_REVIEW' }, { dueDate: { $gte: '2026-12-01' } }, { $or: [{ dueDate: { $gt: '2026-12-01' } }, { dueDate: { $eq: '2026-12-01' }, id: { $gt: 'C1' } }] }] }, byDueDate],
    ['licences past their validity', 'licences', { status: 'VALID', validUntil: { $lt: '2027-06-06' } }, [['validUntil', 'asc'], ['id', 'asc']]],
    ['overdue close-outs of some holders', 'licences', { holderId: { $in: ['H1', 'H2'] }, closeOutOwedBy: { $ne: null, $lt: '2027-06-06' } }, [['holderId', 'asc'], ['closeOutOwedBy', 'asc'], ['id', 'asc']]],
    ['an applicant\'s cases between two days, newest first', 'cases', { applicantId: 'A1', appliedOn: { $gte: '2026-01-01', $lte: '2026-12-31' } }, [['appliedOn', 'desc'], ['id', 'desc']]],
  ])('%s: a search of its index, in order', (_, collection, filter, sort) => {
    const detail = findPlan(collection, filter, sort);
    expect(detail).toMatch(/SEARCH c_\w+ USING INDEX ix_/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('takes a queue page by destination from the index that starts with queue and destination, once the store has been optimized', async () => {
    // A reviewer queue as at scale: many cases a due date, ten destinations. Without statistics
    // SQLite took the index of the queue and its order, checking each row's destination.
    const dir = mkdtempSync(join(tmpdir(), 'plans-queue-'));
    const store = new SqliteReadStore(join(dir, 'read.sqlite'));
    try {
      await store.ensureCollection({
        name: 'queue',
        indexes: [
          { fields: [['queue', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
          { fields: [['queue', 'asc'], ['destination', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
        ],
      });
      const destinations = ['DE', 'US', 'JP', 'FR', 'GB', 'NL', 'KR', 'SG', 'IT', 'CA'];
      await store.unitOfWork(async (uow) => {
        for (let i = 0; i < 20_000; i++) {
          uow.put('queue', { id: `C${String(i).padStart(6, '0')}`, queue: 'INITIAL_REVIEW', destination: destinations[i % 10], dueDate: `2027-0${1 + Math.floor(i / 5000)}-15` });
        }
      });
      await store.optimize();
      const params: unknown[] = [];
      const sql = findSql('c_queue', { queue: 'INITIAL_REVIEW', destination: 'DE', dueDate: { $lt: '2027-03-31' } }, byDueDate, params);
      const reader = openSqlite(join(dir, 'read.sqlite'));
      try {
        const detail = (reader.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 51) as Array<{ detail: string }>).map((row) => row.detail).join('\n');
        expect(detail).toMatch(/USING INDEX ix_\w+ \(<expr>=\? AND <expr>=\? AND <expr>>\? AND <expr><\?\)/);
        expect(detail).not.toMatch(/TEMP B-TREE/);
      } finally {
        reader.close();
      }
    } finally {
      await store.close();
    }
  });

  it('counts releases to an importer from a day on from the index alone (R-LIC-1 b)', () => {
    const params: unknown[] = [];
    const sql = countSql('c_shipments', { exporterId: 'E1', importerKey: 'optics rhein', country: 'DE', releasedOn: { $gte: '2026-07-01' } }, params);
    expect(plan(sql, params)).toMatch(/SEARCH c_shipments USING COVERING INDEX ix_/);
  });
});

describe('SQLite filter translation', () => {
  const sql = (filter: Filter) => {
    const params: unknown[] = [];
    return { sql: toSql(filter, params), params };
  };

  it('leaves strings and numbers other than 0 and 1 to the indexed expression alone', () => {
    expect(sql({ status: 'VALID', items: { $in: ['a', 2] } })).toEqual({
      sql: "json_extract(doc, '$.status') = ? AND json_extract(doc, '$.items') IN (?, ?)",
      params: ['VALID', 'a', 2],
    });
  });

  it('bounds a range to its type on the indexed expression: numbers sort below \'\', strings from it', () => {
    expect(sql({ dueDate: { $lt: '2026-12-01' } }).sql).toBe("json_extract(doc, '$.dueDate') < ? AND json_extract(doc, '$.dueDate') >= ''");
    expect(sql({ items: { $gt: 5 } }).sql).toBe("json_extract(doc, '$.items') > ? AND json_extract(doc, '$.items') < ''");
  });

  it('checks json_type only where a stored 1 or 0 may be a boolean or a number', () => {
    expect(sql({ urgent: true }).sql).toBe("(json_extract(doc, '$.urgent') = ? AND json_type(doc, '$.urgent') = 'true')");
    expect(sql({ items: { $gte: 0, $lt: 7 } }).sql).toContain("json_type(doc, '$.items') IN ('integer', 'real')");
    expect(sql({ items: { $gte: 4, $lt: 7 } }).sql).not.toContain('json_type');
  });

  it('lets null in $in match a missing field, and never an id equal something not a string', () => {
    expect(sql({ note: { $in: [null, 'x'] } }).sql).toBe("(json_extract(doc, '$.note') IS NULL OR json_extract(doc, '$.note') IN (?))");
    expect(sql({ id: 1 }).sql).toBe('0');
  });

  it('refuses operators outside the language and ranges without a bound', () => {
    expect(() => sql({ status: { $regex: '.*' } } as never)).toThrow(/unsupported operator \$regex/);
    expect(() => sql({ dueDate: { $lt: null } })).toThrow(/needs a string, number or boolean bound, not null/);
  });
});

