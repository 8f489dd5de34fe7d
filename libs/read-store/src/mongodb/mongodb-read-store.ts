import {
  MongoClient,
  MongoServerError,
  ReadConcern,
  ReadPreference,
  type AnyBulkWriteOperation,
  type Collection,
  type Db,
  type DbOptions,
  type MongoClientOptions,
  type TransactionOptions,
} from 'mongodb';
import { encodeCursor } from '../paging';
import type { CollectionSpec, Document, Filter, FindOptions, Page, ReadStore, UnitOfWork } from '../read-store.port';
import { collectionName, toMongoFilter, toMongoIndex, translateFind, type MongoIndex } from './mongodb-filter';

/** A document as MongoDB holds it: our `id` is the `_id`, everything else is stored as put. */
type Stored = { _id: string } & Record<string, unknown>;

export interface MongoReadStoreOptions {
  /** Defaults to the database named in the URL, or `shtc` when it names none. */
  dbName?: string;
  /**
   * How long an operation waits for a usable server. Low, so an unreachable server fails start-up
   * and health checks fast instead of after the driver's default 30 s. A
   * `serverSelectionTimeoutMS` in the URL is honoured when this is not given.
   */
  serverSelectionTimeoutMS?: number;
}

export const DEFAULT_MONGODB_DATABASE = 'shtc';
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 2000;

/** MongoDB server error codes this adapter reacts to. */
const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;
const ILLEGAL_OPERATION = 20; // e.g. "Transaction numbers are only allowed on a replica set member or mongos"

/**
 * Writes only, so the read concern does not matter to us; `local` is the level MongoDB requires
 * wherever a transaction may create a collection. Transactions must read from the primary
 * whatever the URL's read preference says.
 */
const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: { level: 'local' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

/**
 * The production read store: one MongoDB collection per collection, documents stored with
 * `_id` = our `id`, declared indexes created with createIndexes, units of work committed in a
 * multi-document transaction (which needs a replica set; docker-compose starts a single-node one).
 */
export class MongoReadStore implements ReadStore {
  /** Collections known to exist, so a unit of work need not create them inside its transaction. */
  private readonly existing = new Set<string>();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  /** Connects (and so fails fast when no server answers) and returns the store. */
  static async connect(url: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    const { client, db } = await connectMongo(url, options);
    return new MongoReadStore(client, db);
  }

  get databaseName(): string {
    return this.db.databaseName;
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const name = collectionName(spec.name);
    const indexes = (spec.indexes ?? []).map(toMongoIndex).filter((index): index is MongoIndex => index !== null);
    await this.createIfMissing(name);
    // Creating an index that exists with the same key, name and options is a no-op on the server.
    if (indexes.length) await this.collection(name).createIndexes(indexes);
  }

  async dropCollection(name: string): Promise<void> {
    this.existing.delete(collectionName(name));
    // The driver answers false (rather than throwing NamespaceNotFound) for a missing collection.
    await this.db.dropCollection(name);
  }

  async get<T extends Document>(collection: string, id: string): Promise<T | null> {
    const stored = await this.collection(collection).findOne({ _id: checkId(id) });
    return stored ? fromStored<T>(stored) : null;
  }

  async find<T extends Document>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<Page<T>> {
    const query = translateFind(filter, options);
    const rows = await this.collection(collection)
      .find(query.filter, { sort: query.sort, limit: query.limit + 1 })
      .toArray();
    const items = rows.slice(0, query.limit).map((row) => fromStored<T>(row));
    const nextCursor = rows.length > query.limit ? encodeCursor(items[items.length - 1], query.cursorSort) : null;
    return { items, nextCursor };
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    return this.collection(collection).countDocuments(toMongoFilter(filter));
  }

  /**
   * An upsert keyed on `_id`. A unique index violation rejects (E11000). A duplicate key on `_id`
   * itself from two racing upserts is retried by the server (MongoDB 4.2+), as the filter is an
   * equality on the unique key.
   */
  async put(collection: string, doc: Document): Promise<void> {
    const { _id, ...replacement } = toStored(doc);
    await this.collection(collection).replaceOne({ _id }, replacement, { upsert: true });
  }

  /** insertOne is atomic; a duplicate key means it was there already (as INSERT OR IGNORE in SQLite). */
  async insertIfAbsent(collection: string, doc: Document): Promise<boolean> {
    try {
      await this.collection(collection).insertOne(toStored(doc));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async delete(collection: string, id: string): Promise<void> {
    await this.collection(collection).deleteOne({ _id: checkId(id) });
  }

  /**
   * Runs `work` once, outside any transaction, buffering its writes (its reads see them, as in
   * the SQLite adapter); then applies them in one transaction, one ordered bulkWrite per
   * collection. `withTransaction` may run its callback again on a TransientTransactionError and
   * retry the commit on UnknownTransactionCommitResult: only the replay of the buffered writes is
   * retried, never `work` and its side effects. If `work` throws, nothing is written.
   */
  async unitOfWork<R>(work: (uow: UnitOfWork) => Promise<R>): Promise<R> {
    const pending = new Map<string, Map<string, Document | null>>();
    const changes = (collection: string) => {
      let docs = pending.get(collectionName(collection));
      if (!docs) pending.set(collection, (docs = new Map()));
      return docs;
    };
    const uow: UnitOfWork = {
      get: async <T extends Document>(collection: string, id: string) => {
        const written = pending.get(collection)?.get(id);
        if (written !== undefined) return written === null ? null : (structuredClone(written) as T);
        return this.get<T>(collection, id);
      },
      put: (collection, doc) => {
        toStored(doc); // refuse a bad document now, where the caller can see which one
        changes(collection).set(doc.id, structuredClone(doc));
      },
      delete: (collection, id) => void changes(collection).set(checkId(id), null),
    };

    const result = await work(uow);
    if (pending.size === 0) return result;

    const batches = [...pending].map(([collection, docs]) => ({
      collection,
      operations: [...docs].map(([id, doc]): AnyBulkWriteOperation<Stored> => {
        if (doc === null) return { deleteOne: { filter: { _id: id } } };
        const { _id, ...replacement } = toStored(doc);
        return { replaceOne: { filter: { _id }, replacement, upsert: true } };
      }),
    }));
    // Implicit collection creation inside a transaction works only on MongoDB 4.4+ and never in a
    // cross-shard transaction: create missing collections first (idempotent, outside the transaction).
    for (const { collection } of batches) await this.createIfMissing(collection, true);

    const session = this.client.startSession();
    try {
      await session.withTransaction(async () => {
        // Sequentially: operations of one transaction must not run concurrently on its session.
        for (const { collection, operations } of batches) {
          await this.collection(collection).bulkWrite(operations, { session, ordered: true });
        }
      }, TRANSACTION_OPTIONS);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === ILLEGAL_OPERATION) {
        throw new Error(
          'MongoDB read store: units of work need transactions, which need a replica set (docker-compose starts a single-node one)',
          { cause: error },
        );
      }
      throw error;
    } finally {
      await session.endSession();
    }
    return result;
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private collection(name: string): Collection<Stored> {
    return this.db.collection<Stored>(collectionName(name));
  }

  private async createIfMissing(name: string, useCache = false): Promise<void> {
    if (useCache && this.existing.has(name)) return;
    try {
      await this.db.createCollection(name);
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    }
    this.existing.add(name);
  }
}

/**
 * How the adapters use a database, whatever the URL says: reads go to the primary, so that a
 * projection's read-modify-write never reads state older than its own last batch and the API's
 * checkpoint and document reads see the same member (a URL's `secondaryPreferred` would send them
 * to any secondary, each as far behind as it happens to be). Reads and writes are at majority,
 * both: what a reader sees cannot be rolled back by a failover, and a majority read sees a write
 * only once it is majority-committed, so the writes must wait for that too or a reader could miss
 * its own. Transactions set their own concerns (TRANSACTION_OPTIONS); these do not apply inside them.
 */
export const PRIMARY_DB_OPTIONS: DbOptions = {
  readPreference: ReadPreference.PRIMARY,
  readConcern: new ReadConcern('majority'),
  writeConcern: { w: 'majority' },
};

/** A database handle of `client` with PRIMARY_DB_OPTIONS. */
export function primaryDb(client: MongoClient, dbName: string): Db {
  return client.db(dbName, PRIMARY_DB_OPTIONS);
}

/**
 * A connected client and its database (with PRIMARY_DB_OPTIONS), shared by the MongoDB adapters
 * (read store, GridFS): fails within serverSelectionTimeoutMS when no server answers, and closes
 * what it opened.
 */
export async function connectMongo(
  url: string,
  options: { dbName?: string; serverSelectionTimeoutMS?: number } = {},
): Promise<{ client: MongoClient; db: Db }> {
  const clientOptions: MongoClientOptions = {
    // JSON semantics: a property whose value is undefined is left out, as JSON.stringify does,
    // rather than stored as null.
    ignoreUndefined: true,
  };
  if (options.serverSelectionTimeoutMS !== undefined || !/[?&]serverSelectionTimeoutMS=/i.test(url)) {
    clientOptions.serverSelectionTimeoutMS = options.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
  }
  const client = new MongoClient(url, clientOptions);
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return { client, db: primaryDb(client, options.dbName ?? databaseFromUrl(url) ?? DEFAULT_MONGODB_DATABASE) };
}

/**
 * The database a MongoDB connection string names, if any: the path after the host list,
 * before the options (`mongodb://user:pw@h1,h2/licensing?replicaSet=rs0` → `licensing`).
 * User info and hosts cannot contain an unescaped `/`, `?` or `#`.
 */
export function databaseFromUrl(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/i.exec(url);
  if (!match || match[1] === '') return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

function checkId(id: unknown): string {
  // Never let a caller-supplied object reach a filter as `{ _id: { $ne: … } }`.
  if (typeof id !== 'string') throw new TypeError(`A document id is a string, not ${typeof id}`);
  return id;
}

function toStored(doc: Document): Stored {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new TypeError('A document is an object');
  const { id, ...rest } = doc;
  if ('_id' in rest) throw new RangeError(`Document ${String(id)}: _id is reserved (the id is stored as _id)`);
  return { _id: checkId(id), ...rest };
}

function fromStored<T extends Document>(stored: Stored): T {
  const { _id, ...rest } = stored;
  return { id: _id, ...rest } as T;
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
