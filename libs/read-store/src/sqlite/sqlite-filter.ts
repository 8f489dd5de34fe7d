import type { FieldOperators, Filter, Scalar } from '../read-store.port';

/**
 * Translation of the read store's query language to SQL over the JSON documents: no database
 * here. Field paths become the `json_extract` expressions the declared expression indexes are
 * built on, so that a condition on an indexed field can use its index.
 */

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

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
