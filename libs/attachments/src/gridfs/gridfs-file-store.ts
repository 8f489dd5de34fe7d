import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { GridFSBucket, MongoServerError, type Collection, type Db, type GridFSFile, type MongoClient } from 'mongodb';
import { connectMongo } from '@shtc/read-store/mongodb';
import { ContentDigest } from '../content-digest';
import { checkSha256, type FileStore, type PutOptions, type StoredFile } from '../file-store.port';

export interface GridFsFileStoreOptions {
  /** Default `attachments`: collections `attachments.files` and `attachments.chunks`. */
  bucketName?: string;
}

export interface GridFsConnectOptions extends GridFsFileStoreOptions {
  /** Defaults to the database named in the URL, or `shtc` when it names none (as the read store). */
  dbName?: string;
  /** Low by default (2 s), so an unreachable server fails start-up and health checks fast. */
  serverSelectionTimeoutMS?: number;
}

export const DEFAULT_BUCKET_NAME = 'attachments';

/** Names of uploads not yet hashed; they never look like a sha256, so a reader never finds one. */
const UPLOADING = 'uploading-';
const DUPLICATE_KEY = 11000;

/**
 * The production file store: MongoDB GridFS, one GridFS file per content, its `filename` the
 * sha256. The hash is known only at the end of the stream, so a put uploads under a temporary
 * name, then renames the file to its sha256, or deletes its copy when one is there already.
 *
 * Decided race: a unique index on `filename` makes the rename of a second concurrent upload of
 * the same content fail (E11000); that upload deletes its own copy. So there is always exactly one
 * file per sha256. A crash mid-put can leave chunks without a files document, or a file named
 * `uploading-…`: never read, and safe to delete once older than any upload takes.
 */
export class GridFsFileStore implements FileStore {
  private readonly bucket: GridFSBucket;
  private readonly files: Collection<GridFSFile>;
  private readonly chunks: Collection;
  private indexes: Promise<void> | null = null;

  private constructor(
    private readonly db: Db,
    options: GridFsFileStoreOptions,
    private readonly ownedClient: MongoClient | null,
  ) {
    const bucketName = options.bucketName ?? DEFAULT_BUCKET_NAME;
    this.bucket = new GridFSBucket(db, { bucketName });
    this.files = db.collection<GridFSFile>(`${bucketName}.files`);
    this.chunks = db.collection(`${bucketName}.chunks`);
  }

  /** Over a database whose client the caller owns: close() leaves the client open. */
  static fromDb(db: Db, options: GridFsFileStoreOptions = {}): GridFsFileStore {
    return new GridFsFileStore(db, options, null);
  }

  /** Connects (failing fast when no server answers) and returns a store that closes its client. */
  static async connect(url: string, options: GridFsConnectOptions = {}): Promise<GridFsFileStore> {
    const { client, db } = await connectMongo(url, options);
    return new GridFsFileStore(db, options, client);
  }

  async put(content: AsyncIterable<Uint8Array> | Readable, { maxBytes }: PutOptions): Promise<StoredFile> {
    const digest = new ContentDigest(maxBytes);
    await this.ensureIndexes();
    const upload = this.bucket.openUploadStream(`${UPLOADING}${randomUUID()}`);
    // Failures arrive through the write callbacks and `finished`; keep the event from crashing the process.
    upload.on('error', () => undefined);
    try {
      // One chunk at a time: no chunk insert is in flight when an abort deletes the chunks.
      for await (const chunk of digest.chunks(content)) await write(upload, chunk);
      upload.end();
      await finished(upload);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      upload.destroy();
      await this.chunks.deleteMany({ files_id: upload.id }).catch(() => undefined);
      await this.files.deleteOne({ _id: upload.id }).catch(() => undefined);
      throw error;
    }

    const stored = digest.result();
    try {
      if (await this.exists(stored.sha256)) {
        await this.bucket.delete(upload.id);
        return stored;
      }
      await this.bucket.rename(upload.id, stored.sha256);
    } catch (error) {
      await this.bucket.delete(upload.id).catch(() => undefined);
      // Another put of the same content renamed its copy first: that one is kept.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return stored;
      throw error;
    }
    return stored;
  }

  async open(sha256: string): Promise<Readable | null> {
    const file = await this.files.findOne({ filename: checkSha256(sha256) }, { projection: { _id: 1 } });
    return file ? this.bucket.openDownloadStream(file._id) : null;
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.files.findOne({ filename: checkSha256(sha256) }, { projection: { _id: 1 } })) !== null;
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.ownedClient?.close();
  }

  /** The unique index on filename, once per store (again after a failure). Creating an existing index is a no-op. */
  private ensureIndexes(): Promise<void> {
    this.indexes ??= this.files
      .createIndex({ filename: 1 }, { unique: true, name: 'filename_unique' })
      .then(() => undefined)
      .catch((error: unknown) => {
        this.indexes = null;
        throw error;
      });
    return this.indexes;
  }
}

function write(stream: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => stream.write(chunk, (error) => (error ? reject(error) : resolve())));
}
