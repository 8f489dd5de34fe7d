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
 * (s1 > v1) OR (s1 = v1 AND s2 > v2) OR … with > or < per direction.
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
  const alternatives: Filter[] = sort.map(([field, direction], i) => {
    const equalBefore: Filter = {};
    for (let j = 0; j < i; j++) equalBefore[sort[j][0]] = { $eq: values[j] };
    return { ...equalBefore, [field]: direction === 'asc' ? { $gt: values[i] } : { $lt: values[i] } };
  });
  // Implied by the alternatives, but stated on its own it bounds the index scan to start at the
  // cursor (MongoDB plans an $or branch by branch; SQLite finds it either way).
  const [first, direction] = sort[0];
  if (values[0] === null) return { $or: alternatives };
  return { $and: [{ [first]: direction === 'asc' ? { $gte: values[0] } : { $lte: values[0] } }, { $or: alternatives }] };
}
