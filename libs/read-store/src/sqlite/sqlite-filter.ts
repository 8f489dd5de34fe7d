import type { FieldOperators, Filter, Scalar, Sort } from '../read-store.port';

/**
 * Translation of the read store's query language to SQL over the JSON documents: no database
 * here. Field paths become the `json_extract` expressions the declared expression indexes are
 * built on, so that a condition on an indexed field can use its index.
 */

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A page of `table`: the documents matching `where` in `sort` order, at most the last parameter (LIMIT ?). */
export function findSql(table: string, where: Filter, sort: Sort, params: unknown[]): string {
  const condition = toSql(where, params);
  const order = sort.map(([field, direction]) => `${column(field)} ${direction.toUpperCase()}`).join(', ');
  return `SELECT doc FROM "${table}" WHERE ${condition} ORDER BY ${order} LIMIT ?`;
}

export function countSql(table: string, where: Filter, params: unknown[]): string {
  return `SELECT COUNT(*) AS n FROM "${table}" WHERE ${toSql(where, params)}`;
}

export function column(path: string): string {
  if (path === 'id') return 'id';
  if (!PATH.test(path)) throw new RangeError(`Not a field path: ${path}`);
  return `json_extract(doc, '$.${path}')`;
}

/** SQLite has no booleans: json_extract answers 1 and 0. */
function bind(value: Scalar): unknown {
  return typeof value === 'boolean' ? Number(value) : value;
}

export function toSql(filter: Filter, params: unknown[]): string {
  const parts: string[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === '$or' || key === '$and') {
      const branches = (condition as Filter[]).map((branch) => `(${toSql(branch, params)})`);
      if (branches.length === 0) parts.push(key === '$or' ? '0' : '1');
      else parts.push(`(${branches.join(key === '$or' ? ' OR ' : ' AND ')})`);
      continue;
    }
    const ops: FieldOperators =
      condition === null || typeof condition !== 'object' ? { $eq: condition as Scalar } : (condition as FieldOperators);
    parts.push(...fieldSql(key, ops, params));
  }
  return parts.length ? parts.join(' AND ') : '1';
}

type RangeOperator = '$gt' | '$gte' | '$lt' | '$lte';
const COMPARISON: Record<RangeOperator, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/**
 * The conditions on one field, matching values of the compared value's JSON type only, as the
 * port says and MongoDB does. json_extract answers a string as TEXT, a number as INTEGER or REAL,
 * true and false as 1 and 0, null and a missing field as NULL, and SQLite orders NULL, then
 * numbers, then TEXT. So most conditions need nothing more than before: a bound keeps a range to
 * its type (every number is below '', every string at or above it), on the indexed expression,
 * so the index still bounds the scan. Only where a stored 1 or 0 may be a boolean or a number
 * does json_type() tell, on the rows the index found.
 */
function fieldSql(field: string, ops: FieldOperators, params: unknown[]): string[] {
  const expr = column(field);
  const parts: string[] = [];
  const numericBounds: Array<[RangeOperator, number]> = [];
  for (const [op, value] of Object.entries(ops) as Array<[keyof FieldOperators, Scalar | Scalar[] | undefined]>) {
    if (value === undefined) continue;
    switch (op) {
      case '$eq':
        parts.push(value === null ? `${expr} IS NULL` : equalSql(field, value as Scalar, params));
        break;
      case '$ne': // as in MongoDB, a missing field is "not equal"
        parts.push(value === null ? `${expr} IS NOT NULL` : `(${expr} IS NULL OR NOT (${equalSql(field, value as Scalar, params)}))`);
        break;
      case '$in':
        parts.push(inSql(field, value, params));
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        parts.push(rangeSql(field, op, value as Scalar, params));
        if (typeof value === 'number') numericBounds.push([op, value]);
        break;
      default:
        throw new RangeError(`Field ${field}: unsupported operator ${String(op)}`);
    }
  }
  // A numeric range that takes in 0 or 1 would take in false or true too: numbers only.
  if (field !== 'id' && [0, 1].some((n) => numericBounds.length > 0 && numericBounds.every(([op, bound]) => within(n, op, bound)))) {
    parts.push(`${typeOf(field)} IN ('integer', 'real')`);
  }
  return parts;
}

/** The json_type() check that keeps an equality to its value's JSON type, or null when the stored value tells by itself. */
function typeCheck(value: Scalar): string | null {
  if (typeof value === 'boolean') return `= '${String(value)}'`;
  if (value === 0 || value === 1) return `IN ('integer', 'real')`;
  return null;
}

function equalSql(field: string, value: Scalar, params: unknown[]): string {
  // The id column holds strings only: nothing else is ever equal to one.
  if (field === 'id') return typeof value === 'string' ? (params.push(value), 'id = ?') : '0';
  params.push(bind(value));
  const check = typeCheck(value);
  return check ? `(${column(field)} = ? AND ${typeOf(field)} ${check})` : `${column(field)} = ?`;
}

/** null among the values matches a missing field too, as `$eq: null` does; values needing a type check are their own alternatives. */
function inSql(field: string, value: unknown, params: unknown[]): string {
  if (!Array.isArray(value)) throw new RangeError(`Field ${field}: $in takes an array`);
  const values = value as Scalar[];
  const expr = column(field);
  const alternatives: string[] = [];
  if (values.includes(null)) alternatives.push(`${expr} IS NULL`);
  const byValue = values.filter((v) => v !== null && (field === 'id' ? typeof v === 'string' : typeCheck(v) === null));
  if (byValue.length > 0) {
    params.push(...byValue);
    alternatives.push(`${expr} IN (${byValue.map(() => '?').join(', ')})`);
  }
  if (field !== 'id') for (const v of values) if (v !== null && typeCheck(v) !== null) alternatives.push(equalSql(field, v, params));
  if (alternatives.length === 0) return '0';
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
}

function rangeSql(field: string, op: RangeOperator, bound: Scalar, params: unknown[]): string {
  if (bound === null || !['string', 'number', 'boolean'].includes(typeof bound)) {
    throw new RangeError(`Field ${field}: a range (${op}) needs a string, number or boolean bound, not ${bound === null ? 'null' : typeof bound}`);
  }
  if (field === 'id' && typeof bound !== 'string') return '0';
  const expr = column(field);
  const below = op === '$lt' || op === '$lte';
  params.push(bind(bound));
  const comparison = `${expr} ${COMPARISON[op]} ?`;
  if (typeof bound === 'string') return below ? `${comparison} AND ${expr} >= ''` : comparison;
  if (typeof bound === 'number') return below ? comparison : `${comparison} AND ${expr} < ''`;
  return `${comparison} AND ${typeOf(field)} IN ('true', 'false')`;
}

function within(n: number, op: RangeOperator, bound: number): boolean {
  return op === '$gt' ? n > bound : op === '$gte' ? n >= bound : op === '$lt' ? n < bound : n <= bound;
}

/** The JSON type of a field ('true', 'false', 'integer', 'real', 'text', 'null', …; NULL when missing). Only for paths column() accepted. */
function typeOf(field: string): string {
  return `json_type(doc, '$.${field}')`;
}
