import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { GridFSBucket, MongoServerError, ObjectId, type Collection, type Db, type GridFSFile, type MongoClient } from 'mongodb';
import { connectMongo, DEFAULT_PROBE_TIMEOUT_MS, pingMongo, primaryDb, type MongoConnectOptions } from '@shtc/read-store/mongodb';
import { ContentDigest } from '../content-digest';
import { checkSha256, type FileStore, type PutOptions, type StagedFile, type StoredFile } from '../file-store.port';

export interface GridFsFileStoreOptions {
  /** Default `attachments`: collections `attachments.files` and `attachments.chunks`. */
  bucketName?: string;
  /** How long ping() waits for a primary (default 2 s, as the read store's). */
  probeTimeoutMS?: number;
}

/** As the read store's (dbName, probeTimeoutMS for start-up and ping, serverSelectionTimeoutMS for the rest). */
export type GridFsConnectOptions = GridFsFileStoreOptions & MongoConnectOptions;

export const DEFAULT_BUCKET_NAME = 'attachments';

/** Names of uploads not yet committed; they never look like a sha256, so a reader never finds one. */
const UPLOADING = 'uploading-';
const DUPLICATE_KEY = 11000;
/**
 * Staged uploads (and chunks without a file) older than this are an interrupted upload's: other
 * processes may be uploading into the same bucket, so age is all that tells, and no upload of at
 * most MAX_UPLOAD_BYTES stays unfinished for a day.
 */
const STALE_MS = 24 * 60 * 60 * 1000;
/** How far back a sweep looks for chunks without a file (crashes happen near restarts). */
const ORPHAN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The production file store: MongoDB GridFS, one GridFS file per content, its `filename` the
 * sha256. The hash is known only at the end of the stream, so an upload is staged under a
 * temporary name, then committed by renaming the file to its sha256, or, when that name is taken,
 * by holding the file already there and deleting its own copy.
 *
 * Decided race: a unique index on `filename` makes the rename of a second concurrent upload of
 * the same content fail (E11000); that upload holds the first one's file and deletes its own
 * copy. So there is always exactly one file per sha256.
 *
 * Who may remove a stored file is kept on the file itself, so that every API process agrees: a
 * copy created by a commit has `metadata.kept: false` and the uploads holding it in
 * `metadata.holds`; keep() sets `kept`, discard() leaves the holds, and the copy is deleted only
 * by the atomic `findOneAndDelete` of a file not kept and no longer held. Files stored before
 * (without `metadata.kept`) are never deleted.
 *
 * A crash mid-upload can leave chunks without a files document, or a file named `uploading-…`:
 * never read, and removed by `sweep()` once a day old. A crash between a commit and the append
 * of its event can leave a stored copy no event references: it is never removed.
 */
export class GridFsFileStore implements FileStore {
  private readonly bucket: GridFSBucket;
  private readonly files: Collection<GridFSFile>;
  private readonly chunks: Collection;
  private indexes: Promise<void> | null = null;
  private readonly probeTimeoutMS: number;

  private constructor(
    private readonly db: Db,
    options: GridFsFileStoreOptions,
    private readonly ownedClient: MongoClient | null,
  ) {
    this.probeTimeoutMS = options.probeTimeoutMS ?? DEFAULT_PROBE_TIMEOUT_MS;
    const bucketName = options.bucketName ?? DEFAULT_BUCKET_NAME;
    this.bucket = new GridFSBucket(db, { bucketName });
    this.files = db.collection<GridFSFile>(`${bucketName}.files`);
    this.chunks = db.collection(`${bucketName}.chunks`);
  }

  /**
   * Over a database whose client the caller owns: close() leaves the client open. The store reads
   * the primary at majority whatever `db` was opened with (PRIMARY_DB_OPTIONS): a file committed a
   * moment ago must be found, by this process and any other.
   */
  static fromDb(db: Db, options: GridFsFileStoreOptions = {}): GridFsFileStore {
    return new GridFsFileStore(primaryDb(db.client, db.databaseName), options, null);
  }

  /** Connects (failing fast when no server answers) and returns a store that closes its client. */
  static async connect(url: string, options: GridFsConnectOptions = {}): Promise<GridFsFileStore> {
    const { client, db, probeTimeoutMS } = await connectMongo(url, options);
    return new GridFsFileStore(db, { ...options, probeTimeoutMS }, client);
  }

  async put(content: AsyncIterable<Uint8Array> | Readable, options: PutOptions): Promise<StoredFile> {
    const staged = await this.stage(content, options);
    try {
      await staged.commit();
    } catch (error) {
      await staged.discard();
      throw error;
    }
    await staged.keep();
    return { sha256: staged.sha256, size: staged.size };
  }

  async stage(content: AsyncIterable<Uint8Array> | Readable, { maxBytes }: PutOptions): Promise<StagedFile> {
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
      await this.deleteFile(upload.id as ObjectId);
      throw error;
    }
    return this.staged(upload.id as ObjectId, digest.result());
  }

  async open(sha256: string): Promise<Readable | null> {
    const file = await this.files.findOne({ filename: checkSha256(sha256) }, { projection: { _id: 1 } });
    return file ? this.bucket.openDownloadStream(file._id) : null;
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.files.findOne({ filename: checkSha256(sha256) }, { projection: { _id: 1 } })) !== null;
  }

  async sweep(): Promise<number> {
    const now = Date.now();
    const stale = ObjectId.createFromTime(Math.floor((now - STALE_MS) / 1000));
    const windowStart = ObjectId.createFromTime(Math.floor((now - STALE_MS - ORPHAN_WINDOW_MS) / 1000));
    let removed = 0;
    // Finished but never committed.
    const staged = await this.files
      .find({ filename: { $regex: `^${UPLOADING}` }, uploadDate: { $lt: new Date(now - STALE_MS) } }, { projection: { _id: 1 } })
      .toArray();
    for (const file of staged) {
      await this.deleteFile(file._id as ObjectId);
      removed += 1;
    }
    // Never finished: chunks whose file document was never written (files_id is made when an upload starts).
    const started = (await this.chunks.distinct('files_id', { files_id: { $gte: windowStart, $lt: stale } })) as ObjectId[];
    if (started.length > 0) {
      const finished = new Set(
        (await this.files.find({ _id: { $in: started } }, { projection: { _id: 1 } }).toArray()).map((f) => String(f._id)),
      );
      for (const id of started.filter((id) => !finished.has(String(id)))) {
        await this.chunks.deleteMany({ files_id: id });
        removed += 1;
      }
    }
    return removed;
  }

  async ping(): Promise<void> {
    await pingMongo(this.db, this.probeTimeoutMS);
  }

  async close(): Promise<void> {
    await this.ownedClient?.close();
  }

  private staged(id: ObjectId, stored: StoredFile): StagedFile {
    const { sha256 } = stored;
    // Names this upload in the holds of the file it commits to.
    const hold = randomUUID();
    let state: 'staged' | 'committed' | 'settled' = 'staged';
    return {
      ...stored,
      commit: async () => {
        if (state !== 'staged') throw new Error(`Cannot commit an upload that is ${state}`);
        for (let attempt = 0; ; attempt++) {
          try {
            // Ours becomes the stored copy, held by this upload until it keeps or discards it.
            await this.files.updateOne({ _id: id }, { $set: { filename: sha256, 'metadata.kept': false, 'metadata.holds': [hold] } });
            state = 'committed';
            return;
          } catch (error) {
            if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
          }
          // Another upload stored these bytes first: hold its copy, then drop ours.
          const held = await this.files.findOneAndUpdate({ filename: sha256 }, { $addToSet: { 'metadata.holds': hold } });
          if (held) {
            state = 'committed';
            await this.deleteFile(id);
            return;
          }
          // It was discarded in between: try to store ours again.
          if (attempt >= 3) throw new Error(`Could not commit ${sha256}: its stored copy keeps changing`);
        }
      },
      keep: async () => {
        if (state === 'staged') throw new Error('Commit an upload before keeping it');
        if (state === 'settled') return;
        state = 'settled';
        await this.files.updateOne({ filename: sha256 }, { $set: { 'metadata.kept': true }, $pull: { 'metadata.holds': hold } as never });
      },
      discard: async () => {
        if (state === 'settled') return;
        const was = state;
        state = 'settled';
        if (was === 'staged') return this.deleteFile(id);
        await this.files.updateOne({ filename: sha256 }, { $pull: { 'metadata.holds': hold } as never });
        // Only a copy an upload created, that none kept and none holds any more; files stored before have no `kept`.
        const removed = await this.files.findOneAndDelete({ filename: sha256, 'metadata.kept': false, 'metadata.holds': { $size: 0 } });
        if (removed) await this.chunks.deleteMany({ files_id: removed._id });
      },
    };
  }

  /** A file document (if any) and its chunks. */
  private async deleteFile(id: ObjectId): Promise<void> {
    await this.chunks.deleteMany({ files_id: id }).catch(() => undefined);
    await this.files.deleteOne({ _id: id }).catch(() => undefined);
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
