import { afterCursor, pageSize, totalSort } from '../paging';
import {
  InvalidCursorError,
  type FieldOperators,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type Scalar,
  type Sort,
} from '../read-store.port';

/**
 * Pure translation of the read store's query language to MongoDB's: no driver calls here, so
 * it is unit-tested without a server (mongodb-filter.spec.ts).
 */

/** A MongoDB query document (what `find`, `countDocuments` and friends take). */
export type MongoQuery = Record<string, unknown>;
/** A MongoDB sort specification; key order is the sort order. */
export type MongoSort = Record<string, 1 | -1>;

export interface MongoIndex {
  key: MongoSort;
  name: string;
  unique?: true;
  partialFilterExpression?: MongoQuery;
}

export interface MongoFind {
  filter: MongoQuery;
  sort: MongoSort;
  /** The page size; the adapter asks for one more document to learn whether a next page exists. */
  limit: number;
  /** The total sort (ending with `id`) that the next page's cursor must be encoded with. */
  cursorSort: Sort;
}

/** Same rules as the SQLite adapter: no dots, no `$`, no `system.` prefix can get through. */
const COLLECTION = /^[A-Za-z][A-Za-z0-9_]*$/;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Never true: what an empty `$or` means (MongoDB itself refuses an empty `$or`). */
export function matchNothing(): MongoQuery {
  return { _id: { $in: [] } };
}

const OPERATORS = new Set<keyof FieldOperators>(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in']);
const RANGES = new Set<string>(['$gt', '$gte', '$lt', '$lte']);

export function collectionName(name: string): string {
  if (typeof name !== 'string' || !COLLECTION.test(name)) throw new RangeError(`Not a collection name: ${name}`);
  return name;
}

/** Our field path to MongoDB's: `id` is stored as `_id`; anything that could be an operator is refused. */
export function mongoField(path: string): string {
  if (path === 'id') return '_id';
  if (typeof path !== 'string' || !PATH.test(path) || path === '_id' || path.startsWith('_id.')) {
    throw new RangeError(`Not a field path: ${path}`);
  }
  return path;
}

export function toMongoFilter(filter: Filter = {}): MongoQuery {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new RangeError('A filter is an object');
  }
  const query: MongoQuery = {};
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === '$or' || key === '$and') {
      if (!Array.isArray(condition)) throw new RangeError(`${key} takes an array of filters`);
      const branches = (condition as Filter[]).map((branch) => toMongoFilter(branch));
      if (branches.length > 0) query[key] = branches;
      // An empty $and holds; an empty $or never does, and neither does anything it is ANDed with.
      else if (key === '$or') return matchNothing();
      continue;
    }
    const operators = toOperators(key, condition as Scalar | FieldOperators);
    if (operators) query[mongoField(key)] = operators;
  }
  return query;
}

/**
 * A field condition as explicit operators. Equality is always written as `$eq`, never as a bare
 * value, so a value can never be read as an operator document. As in MongoDB (and the contract),
 * `$eq: null` also matches a missing field and `$ne: x` matches a missing field.
 */
function toOperators(field: string, condition: Scalar | FieldOperators): MongoQuery | null {
  if (condition === null || typeof condition !== 'object') return { $eq: scalar(field, condition) };
  if (Array.isArray(condition)) throw new RangeError(`Field ${field}: an array is not a condition`);
  const operators: MongoQuery = {};
  for (const [op, value] of Object.entries(condition)) {
    if (value === undefined) continue;
    if (!OPERATORS.has(op as keyof FieldOperators)) throw new RangeError(`Field ${field}: unsupported operator ${op}`);
    if (op === '$in') {
      if (!Array.isArray(value)) throw new RangeError(`Field ${field}: $in takes an array`);
      operators.$in = value.map((item) => scalar(field, item));
    } else if (RANGES.has(op) && value === null) {
      // MongoDB would answer (`$gte: null` as equality with null, `$gt: null` as nothing); the language has no null bound.
      throw new RangeError(`Field ${field}: a range (${op}) needs a string, number or boolean bound, not null`);
    } else {
      operators[op] = scalar(field, value);
    }
  }
  // `{ field: {} }` would be equality with an empty object in MongoDB; in our language it is no condition.
  return Object.keys(operators).length ? operators : null;
}

function scalar(field: string, value: unknown): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  throw new RangeError(`Field ${field}: ${typeof value} is not a value a filter can compare`);
}

export function toMongoSort(sort: Sort): MongoSort {
  const out: MongoSort = {};
  for (const [field, direction] of sort) {
    if (direction !== 'asc' && direction !== 'desc') throw new RangeError(`Not a sort direction: ${direction}`);
    const key = mongoField(field);
    if (!(key in out)) out[key] = direction === 'asc' ? 1 : -1;
  }
  return out;
}

/**
 * A `find` as MongoDB will run it: the filter ANDed with the keyset condition "after the cursor's
 * document" (shared with the SQLite adapter through paging.ts), sorted by the total sort.
 */
export function translateFind(filter: Filter = {}, options: FindOptions = {}): MongoFind {
  const cursorSort = totalSort(options.sort);
  const sort = toMongoSort(cursorSort);
  const limit = pageSize(options.limit);
  const base = toMongoFilter(filter);
  if (!options.cursor) return { filter: base, sort, limit, cursorSort };
  let after: MongoQuery;
  try {
    after = toMongoFilter(afterCursor(options.cursor, cursorSort));
  } catch (error) {
    // A well-formed cursor whose values are not scalars was not made by encodeCursor either.
    if (error instanceof InvalidCursorError) throw error;
    throw new InvalidCursorError();
  }
  return { filter: Object.keys(base).length ? { $and: [base, after] } : after, sort, limit, cursorSort };
}

/**
 * A declared index as MongoDB's createIndexes takes it. The name is derived from the key alone
 * (the driver's own convention, e.g. `status_1_dueDate_1`), so it is stable across runs and
 * re-declaring the same index is a no-op. An index on `id` alone is the built-in `_id` index:
 * null is returned for it. A unique index is partial: see holdsAValue.
 */
export function toMongoIndex(spec: IndexSpec): MongoIndex | null {
  if (!spec.fields.length) throw new RangeError('An index needs at least one field');
  const key = toMongoSort(spec.fields);
  const fields = Object.keys(key);
  if (fields.length === 1 && fields[0] === '_id') return null;
  const name = Object.entries(key)
    .map(([field, direction]) => `${field}_${direction}`)
    .join('_');
  if (!spec.unique) return { key, name };
  const conditions = fields.filter((field) => field !== '_id').map(holdsAValue);
  return { key, name, unique: true, partialFilterExpression: conditions.length === 1 ? conditions[0] : { $and: conditions } };
}

/**
 * The documents a unique index holds: those whose key fields each hold a value, not null. MongoDB
 * indexes a missing or null field as null, so a plain unique index refuses a second document
 * without the field (E11000), where SQLite's unique indexes let any number through (NULLs are
 * distinct there). An index declared unique before this filter must be dropped for this one to
 * be created: createIndexes refuses a name it has with other options.
 *
 * Written as a `$gte` from the lowest value of each JSON type ('' for strings, -Infinity for
 * numbers, false for booleans, {} for objects: a comparison matches values of its own type only)
 * under `$or`, which a partialFilterExpression accepts from MongoDB 6.0 (docker-compose runs 7.0).
 * Not `$ne: null` or `$exists: false`: negations are refused there. Not `$exists: true`: it admits
 * null. Not `$type`, though every server accepts it: the planner uses a partial index only for a
 * query that implies its filter, and it proves that for comparisons and `$exists` but never for
 * `$type`, so the lookup a unique field is there for, `{ email: { $eq: 'x' } }`, would scan the
 * collection; it does imply `{ email: { $gte: '' } }`, and so this filter.
 */
function holdsAValue(field: string): MongoQuery {
  return { $or: [{ [field]: { $gte: '' } }, { [field]: { $gte: -Infinity } }, { [field]: { $gte: false } }, { [field]: { $gte: {} } }] };
}
