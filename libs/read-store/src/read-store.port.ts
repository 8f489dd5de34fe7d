/** DI token for the read store adapter chosen by configuration. */
export const READ_STORE = Symbol('READ_STORE');

/** Every stored document has a string id, unique in its collection. */
export type Document = { id: string } & Record<string, unknown>;

export type Scalar = string | number | boolean | null;

export interface FieldOperators {
  $eq?: Scalar;
  $ne?: Scalar;
  $gt?: Scalar;
  $gte?: Scalar;
  $lt?: Scalar;
  $lte?: Scalar;
  $in?: Scalar[];
}

/**
 * A small query language both adapters translate: field paths (dotted for nested fields) map
 * to a value (equality) or operators; all conditions must hold; `$or` takes alternatives.
 *
 * A value is compared with values of its own JSON type only, as MongoDB does (the contract
 * holds both adapters to it):
 * - null (as a value, `$eq`, or in `$in`) matches a missing field as well as null; `$ne: x`
 *   matches a missing field, and `$ne: null` a field that holds a value;
 * - a string, number or boolean equals only a value of its type: `true` never matches 1, nor
 *   `'1'` the number 1;
 * - a range (`$gt`, `$gte`, `$lt`, `$lte`) matches values of its bound's type only: numbers by
 *   value, strings by their UTF-8 bytes, booleans with false below true. Its bound is never null.
 * Conditions are on fields holding scalars: objects and arrays are compared differently by the
 * two stores (arrays are not matched element-wise); index a scalar instead.
 */
export type Filter = { $or?: Filter[]; $and?: Filter[] } & { [field: string]: Scalar | FieldOperators | Filter[] | undefined };

export type SortDirection = 'asc' | 'desc';
export type Sort = Array<[field: string, direction: SortDirection]>;

export interface IndexSpec {
  fields: Sort;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes?: IndexSpec[];
}

export interface FindOptions {
  sort?: Sort;
  /** Default 50, at most 500 (api.md). */
  limit?: number;
  /** Opaque keyset cursor from a previous page's `nextCursor`. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Writes that commit together or not at all. Reads inside a unit of work see its own
 * earlier writes. Projection runners put their documents and checkpoint in one unit.
 */
export interface UnitOfWork {
  get<T extends Document>(collection: string, id: string): Promise<T | null>;
  put(collection: string, doc: Document): void;
  delete(collection: string, id: string): void;
}

/**
 * The read store port. Adapters: `sqlite/` (embedded default) and `mongodb/` (production).
 * Both pass `test/contract/read-store.contract.ts`.
 */
export interface ReadStore {
  /** Creates the collection and its declared indexes if missing (idempotent). */
  ensureCollection(spec: CollectionSpec): Promise<void>;
  dropCollection(name: string): Promise<void>;
  get<T extends Document>(collection: string, id: string): Promise<T | null>;
  find<T extends Document>(collection: string, filter?: Filter, options?: FindOptions): Promise<Page<T>>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** Upserts one document on its own. */
  put(collection: string, doc: Document): Promise<void>;
  /** Inserts unless a document with that id exists; true when it inserted (atomic). */
  insertIfAbsent(collection: string, doc: Document): Promise<boolean>;
  delete(collection: string, id: string): Promise<void>;
  unitOfWork<R>(work: (uow: UnitOfWork) => Promise<R>): Promise<R>;
  /**
   * Brings what the store's query planner knows of its collections up to date, after they grew
   * or were rebuilt (SQLite: ANALYZE, sampled). A store that keeps that itself does nothing.
   */
  optimize(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not one this list gave out');
    this.name = 'InvalidCursorError';
  }
}
