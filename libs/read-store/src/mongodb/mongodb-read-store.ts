import {
  MongoClient,
  MongoBulkWriteError,
  MongoError,
  MongoErrorLabel,
  MongoServerError,
  MongoServerSelectionError,
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

export interface MongoConnectOptions {
  /** Defaults to the database named in the URL, or `shtc` when it names none. */
  dbName?: string;
  /**
   * How long start-up and ping() wait for a primary: short, so that an unreachable server fails
   * start-up and health checks fast. Nothing else has this deadline.
   */
  probeTimeoutMS?: number;
  /**
   * How long every other operation waits for a primary. Unset, the URL's
   * `serverSelectionTimeoutMS` or the driver's 30 s, which outlasts a replica-set election (up to
   * ~12 s): with a deadline shorter than an election, every read, write and commit during one fails.
   */
  serverSelectionTimeoutMS?: number;
}

export type MongoReadStoreOptions = MongoConnectOptions;

export const DEFAULT_MONGODB_DATABASE = 'shtc';
export const DEFAULT_PROBE_TIMEOUT_MS = 2000;

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
    private readonly probeTimeoutMS: number,
  ) {}

  /** Connects (and so fails fast when no primary answers) and returns the store. */
  static async connect(url: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    const { client, db, probeTimeoutMS } = await connectMongo(url, options);
    return new MongoReadStore(client, db, probeTimeoutMS);
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
   *
   * A write that finds no primary in time (an election longer than serverSelectionTimeoutMS) is
   * labelled TransientTransactionError here, as the transactions specification says a driver must
   * and this one does not, so that withTransaction starts the transaction again, within its own
   * limit of 120 s, instead of failing the batch on the first election.
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
        try {
          for (const { collection, operations } of batches) {
            await this.collection(collection).bulkWrite(operations, { session, ordered: true });
          }
        } catch (error) {
          if (isServerSelectionError(error)) error.addErrorLabel(MongoErrorLabel.TransientTransactionError);
          throw error;
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

  /** MongoDB's planner tries the candidate indexes itself and caches the winner: nothing to do. */
  async optimize(): Promise<void> {}

  async ping(): Promise<void> {
    await pingMongo(this.db, this.probeTimeoutMS);
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

/** A client, its database (with PRIMARY_DB_OPTIONS), and how long a probe of it may wait. */
export interface MongoConnection {
  client: MongoClient;
  db: Db;
  probeTimeoutMS: number;
}

/**
 * A connected client and its database, shared by the MongoDB adapters (read store, GridFS).
 * Start-up fails within probeTimeoutMS when no primary answers: a short-lived client with that
 * deadline probes first, since a client's server selection timeout is one for all its operations
 * (and the driver ignores `timeoutMS`); the client kept has the ordinary deadline. Closes what it opened.
 */
export async function connectMongo(url: string, options: MongoConnectOptions = {}): Promise<MongoConnection> {
  const probeTimeoutMS = options.probeTimeoutMS ?? DEFAULT_PROBE_TIMEOUT_MS;
  const probe = new MongoClient(url, { serverSelectionTimeoutMS: probeTimeoutMS, readPreference: ReadPreference.PRIMARY });
  try {
    await probe.connect();
  } finally {
    await probe.close().catch(() => undefined);
  }
  const clientOptions: MongoClientOptions = {
    // JSON semantics: a property whose value is undefined is left out, as JSON.stringify does,
    // rather than stored as null.
    ignoreUndefined: true,
  };
  // Unset, the URL's serverSelectionTimeoutMS or the driver's default applies.
  if (options.serverSelectionTimeoutMS !== undefined) clientOptions.serverSelectionTimeoutMS = options.serverSelectionTimeoutMS;
  const client = new MongoClient(url, clientOptions);
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return { client, db: primaryDb(client, options.dbName ?? databaseFromUrl(url) ?? DEFAULT_MONGODB_DATABASE), probeTimeoutMS };
}

/**
 * A ping of the primary that gives up after `timeoutMS` (an abort signal bounds its server
 * selection, which would otherwise wait the client's ordinary deadline): for health checks. Not
 * AbortSignal.timeout(): the driver takes its TimeoutError for its own and reports the client's deadline.
 */
export async function pingMongo(db: Db, timeoutMS: number): Promise<void> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`MongoDB: no primary answered a ping within ${timeoutMS} ms`)), timeoutMS);
  try {
    await db.command({ ping: 1 }, { signal: deadline.signal });
  } finally {
    clearTimeout(timer);
  }
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

/** A server selection error, also as bulkWrite throws it: wrapped in a MongoBulkWriteError, as its errorResponse. */
function isServerSelectionError(error: unknown): error is MongoError {
  if (error instanceof MongoServerSelectionError) return true;
  return error instanceof MongoBulkWriteError && (error.errorResponse as unknown) instanceof MongoServerSelectionError;
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
