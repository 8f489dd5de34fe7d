import {
  DEFAULT_PAGE_SIZE,
  InvalidCursorError,
  MAX_PAGE_SIZE,
  type Document,
  type Filter,
  type Scalar,
  type Sort,
} from './read-store.port';

/** Keyset paging shared by the adapters: the sort always ends with `id`, so it is total. */
export function totalSort(sort: Sort = []): Sort {
  return sort.some(([field]) => field === 'id') ? sort : [...sort, ['id', 'asc']];
}

export function pageSize(limit?: number): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(limit)));
}

export function valueAt(doc: Document, path: string): Scalar {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  return (value ?? null) as Scalar;
}

export function encodeCursor(doc: Document, sort: Sort): string {
  return Buffer.from(JSON.stringify(sort.map(([field]) => valueAt(doc, field)))).toString('base64url');
}

/**
 * The condition "comes after the cursor's row" for a total sort:
 * (s1 after v1) OR (s1 = v1 AND s2 after v2) OR …, where null (or missing) sorts lowest, as both
 * stores order it: ascending, after null is any value and after a value is a greater one;
 * descending, after a value is a smaller one or null, and nothing comes after null.
 */
export function afterCursor(cursor: string, sort: Sort): Filter {
  let values: Scalar[];
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(values) || values.length !== sort.length) throw new InvalidCursorError();
  if (values.some((value) => value !== null && typeof value === 'object')) throw new InvalidCursorError();
  const alternatives: Filter[] = [];
  sort.forEach(([field, direction], i) => {
    const after = afterValue(field, direction, values[i]);
    if (!after) return;
    const equalBefore: Filter = {};
    for (let j = 0; j < i; j++) equalBefore[sort[j][0]] = { $eq: values[j] };
    alternatives.push({ ...equalBefore, ...after });
  });
  // Implied by the alternatives, but stated on its own it bounds the index scan to start at the
  // cursor (MongoDB plans an $or branch by branch; SQLite finds it either way). Only ascending
  // from a value: descending, the nulls after it lie outside any such bound.
  const [first, direction] = sort[0];
  if (values[0] === null || direction === 'desc') return { $or: alternatives };
  return { $and: [{ [first]: { $gte: values[0] } }, { $or: alternatives }] };
}

/** The rows whose `field` comes after `value` in `direction`; null when none can. */
function afterValue(field: string, direction: 'asc' | 'desc', value: Scalar): Filter | null {
  if (direction === 'asc') return { [field]: value === null ? { $ne: null } : { $gt: value } };
  if (value === null) return null;
  return { $or: [{ [field]: { $lt: value } }, { [field]: { $eq: null } }] };
}
