import { createHash, randomUUID } from 'node:crypto';
import { closeSync, constants, fsync, open as openCallback, readdirSync, statSync, unlink, write } from 'node:fs';
import { access, mkdir, open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { ContentDigest } from '../content-digest';
import { FileThreads } from './file-threads';
import { SqliteBlobs } from './sqlite-blobs';
import { checkSha256, type FileStore, type PutOptions, type StagedFile, type StoredFile } from '../file-store.port';

/** Where uploads are staged before they have a name; on the same file system as the files, so a link is atomic. */
const INCOMING = 'incoming';
/** This machine, in staged files' names, so that a sweep can tell whose a staged file is. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
/** Files up to this size are staged in memory and written at commit in one step; larger ones stream to disk. */
const GATHER_BYTES = 1024 * 1024;
/** At most this much staged in memory at once (all uploads of the process); past it, uploads stream to disk. */
const MEMORY_BUDGET = 64 * 1024 * 1024;
let inMemory = 0;
/**
 * Content up to this size goes into `blobs` by default. Measured (bench/files, 64 uploads at once):
 * a row commits 12× faster than a file at 600 bytes, 2× at 50 KB, 1.2× at 100 KB, the same at
 * 150 KB, and 0.6× at 500 KB–1 MB, where the bytes written twice (WAL, then the database) by one
 * thread cost more than the fsyncs saved.
 */
export const BLOB_MAX_BYTES = 128 * 1024;
/** Staged files of another machine (a volume shared by mistake) are swept only when this old. */
const FOREIGN_STALE_MS = 24 * 60 * 60 * 1000;
/** Staged files this process is writing or has not settled yet, whichever store instance made them. */
const live = new Set<string>();

/** The name a staged file of process `pid` of this machine has in `incoming/` (what a sweep reads). */
export function stagedFileName(pid: number, id: string = randomUUID()): string {
  return `${HOST}.${pid}.${id}.part`;
}

// Callback fs, promisified: cheaper on the event loop than FileHandle for a few calls per upload.
const openFile = promisify(openCallback);
const writeFile = promisify(write);
const fsyncFile = promisify(fsync);
const unlinkFile = promisify(unlink);

/** Uploads of this process that committed a sha256 whose stored copy one of them created, not all settled yet. */
interface Hold {
  holders: number;
  kept: boolean;
  /** Where the copy was created: a row of the SQLite file, or a file of its own. */
  in: 'blobs' | 'files';
}

export interface DiskFileStoreOptions {
  /**
   * A SQLite file for small files' content (e.g. DATA_DIR/files.sqlite). Without it every file
   * is a file of its own under the root.
   */
  blobs?: string;
  /**
   * The largest content stored in `blobs`; larger is a file of its own. Default BLOB_MAX_BYTES,
   * at most 1 MB (what is staged in memory: better-sqlite3 writes and reads a blob as one buffer).
   */
  blobMaxBytes?: number;
}

/**
 * The embedded file store. With `blobs` (as the server opens it), content of at most
 * `blobMaxBytes` is a row of one SQLite file, committed by a writer thread that shares one commit
 * (one fsync) among the uploads that arrive together: a file of its own costs two fsyncs per
 * upload (the file's, then its folder's) and more for new folders, which made most of the disk's
 * flushes under load. Larger content, and every file stored before `blobs` existed, is a file:
 * content is found in the SQLite file first, then under the root, by its sha256 either way, and
 * stored once across both (a commit of bytes stored in the other place holds that copy).
 *
 * Files: each at `<root>/ab/cd/<sha256>` (the first two pairs of hex digits
 * fan the files out over 65,536 folders). An upload is staged as
 * `<root>/incoming/<host>.<pid>.<uuid>.part`, written and fsynced; its commit links it into place
 * (never replacing a file: a link fails if the name exists) and fsyncs the folder, so a file is
 * either wholly there or absent, even after a crash; then the staged name is removed. Each of
 * these two steps is one message to a file thread (file-threads.ts), not a call per syscall.
 *
 * Whether a commit created the stored copy is known from the link; which uploads of this process
 * still hold it is kept in memory, under a per-sha256 lock that also covers a discard's removal.
 * This is the embedded store of one server process: several processes uploading into one folder
 * would each see the other's copies as stored before, which they never remove (safe, not tidy).
 *
 * A process killed mid-upload leaves its `.part` file: `sweep()` at start-up removes those of
 * processes of this machine that are gone (or of this very process, which has none yet), and
 * another machine's only after a day. A kill between a commit and the append of its event can
 * leave a stored copy no event references: it is never removed, as an event may reference it.
 */
export class DiskFileStore implements FileStore {
  private readonly root: string;
  private readonly incoming: string;
  private incomingReady: Promise<unknown> | null = null;
  private readonly holds = new Map<string, Hold>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private fileThreads: FileThreads | null = null;
  private readonly blobs: SqliteBlobs | null;
  private readonly blobMaxBytes: number;
  /**
   * Whether any content may be a file under the root (stored by an earlier version, or by this
   * process): until then a commit into `blobs` need not look there (a stat costs the event loop
   * ≈ 40 µs under load).
   */
  private filesMayExist: boolean;

  constructor(root: string, options: DiskFileStoreOptions = {}) {
    this.root = resolve(root);
    this.incoming = join(this.root, INCOMING);
    this.blobs = options.blobs ? new SqliteBlobs(resolve(options.blobs)) : null;
    this.blobMaxBytes = Math.min(options.blobMaxBytes ?? BLOB_MAX_BYTES, GATHER_BYTES);
    this.filesMayExist = this.blobs === null || hasStoredFiles(this.root);
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
    const part = join(this.incoming, stagedFileName(process.pid));
    // A small file (most uploads) is staged in memory: nothing reaches the disk before its commit,
    // which writes, fsyncs and links it in one step on a file thread. A larger one (or one past
    // the memory budget) streams to disk through libuv as it arrives.
    const gathered: Buffer[] = [];
    let size = 0;
    let fd: number | null = null;
    try {
      for await (const chunk of digest.chunks(content)) {
        if (fd !== null) {
          await writeAll(fd, chunk);
          continue;
        }
        gathered.push(chunk);
        size += chunk.length;
        if (size > GATHER_BYTES || inMemory + size > MEMORY_BUDGET) {
          live.add(part);
          await this.ensureIncoming();
          // Stored files are never changed: read-only from the start (the descriptor still writes).
          fd = await this.createPart(part);
          for (const held of gathered.splice(0)) await writeAll(fd, held);
        }
      }
      if (fd !== null) await fsyncFile(fd);
    } catch (error) {
      if (fd !== null) {
        closeSync(fd);
        fd = null;
        await this.removePart(part);
      }
      throw error;
    } finally {
      if (fd !== null) closeSync(fd);
    }
    if (!live.has(part)) {
      // Copied once into a buffer of its own, which moves to the file thread at commit.
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const chunk of gathered) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      return this.staged(part, digest.result(), bytes);
    }
    return this.staged(part, digest.result(), null);
  }

  async open(sha256: string): Promise<Readable | null> {
    const blob = this.blobs?.get(checkSha256(sha256));
    if (blob) return Readable.from([blob], { objectMode: false });
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(sha256), 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    // The stream closes the descriptor when it ends or is destroyed.
    return handle.createReadStream();
  }

  async exists(sha256: string): Promise<boolean> {
    if (this.blobs?.has(checkSha256(sha256))) return true;
    return isFile(this.pathOf(sha256));
  }

  async sweep(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.incoming);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.incoming, name);
      if (!name.endsWith('.part') || live.has(path) || !(await abandoned(name, path))) continue;
      await unlinkFile(path).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
      removed += 1;
    }
    return removed;
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
    await this.blobs?.ping();
  }

  async close(): Promise<void> {
    // Nothing held open between calls but the file threads and the SQLite file.
    await this.fileThreads?.close();
    this.fileThreads = null;
    await this.blobs?.close();
  }

  private staged(part: string, stored: StoredFile, memory: Uint8Array | null): StagedFile {
    const { sha256 } = stored;
    let bytes = memory;
    /** Whether the staged content is on disk (else in memory until its commit writes it). */
    const onDisk = memory === null;
    if (bytes) inMemory += bytes.length;
    const release = () => {
      if (bytes) inMemory -= bytes.length;
      bytes = null;
    };
    let state: 'staged' | 'committed' | 'settled' = 'staged';
    /** Whether this upload is one of the holders of a copy an upload of this process created. */
    let holding = false;
    return {
      ...stored,
      commit: async () => {
        if (state !== 'staged') throw new Error(`Cannot commit an upload that is ${state}`);
        const target = this.pathOf(sha256);
        const blobs = bytes && bytes.length <= this.blobMaxBytes ? this.blobs : null;
        if (bytes && !blobs) await this.ensureIncoming();
        const hold = await this.lock(sha256, async () => {
          let created: boolean | undefined;
          const into: Hold['in'] = blobs ? 'blobs' : 'files';
          if (blobs) {
            // A file stored before (by an earlier version, or past a memory budget) is this content already.
            if (this.filesMayExist && isFileNow(target)) created = false;
            else {
              const chunk = bytes!;
              release();
              created = await blobs.insert(sha256, chunk);
            }
          } else if (this.blobs?.has(sha256)) {
            // Stored as a row already (an upload staged on disk under memory pressure): the staged copy goes.
            created = false;
            if (onDisk) await this.removePart(part);
            release();
          } else if (!bytes) {
            this.filesMayExist = true;
            // One step on a file thread: link (never replacing), fsync the folder when that created it, drop the staged name.
            ({ created } = await this.threads().run({ kind: 'link', part, target }));
          } else {
            // The same, after writing and fsyncing the staged bytes.
            this.filesMayExist = true;
            live.add(part);
            const chunks = [bytes];
            release(); // moved to the thread
            ({ created } = await this.threads().run({ kind: 'store', part, target, chunks }, [chunks[0].buffer as ArrayBuffer]));
          }
          if (created) {
            const fresh: Hold = { holders: 1, kept: false, in: into };
            this.holds.set(sha256, fresh);
            return fresh;
          }
          // Stored before: by an upload of ours not settled yet (hold it too), or long ago (never removed).
          const existing = this.holds.get(sha256) ?? null;
          if (existing) existing.holders += 1;
          return existing;
        });
        live.delete(part);
        holding = hold !== null;
        state = 'committed';
      },
      keep: async () => {
        if (state === 'staged') throw new Error('Commit an upload before keeping it');
        if (state === 'settled') return;
        state = 'settled';
        const hold = this.holds.get(sha256);
        if (!holding || !hold) return;
        hold.kept = true;
        this.release(sha256, hold);
      },
      discard: async () => {
        if (state === 'settled') return;
        const was = state;
        state = 'settled';
        release();
        if (was === 'staged') return onDisk || live.has(part) ? this.removePart(part) : undefined;
        const hold = this.holds.get(sha256);
        if (!holding || !hold) return;
        await this.lock(sha256, async () => {
          if (!this.release(sha256, hold) || hold.kept) return;
          if (hold.in === 'blobs') await this.blobs!.remove(sha256);
          else {
            await unlinkFile(this.pathOf(sha256)).catch((error: unknown) => {
              if (!isMissing(error)) throw error;
            });
          }
        });
      },
    };
  }

  /** One holder fewer; true when it was the last (the hold ends). */
  private release(sha256: string, hold: Hold): boolean {
    hold.holders -= 1;
    if (hold.holders > 0) return false;
    if (this.holds.get(sha256) === hold) this.holds.delete(sha256);
    return true;
  }

  /** Runs `work` after every earlier `work` of the same sha256 has finished. */
  private lock<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(sha256) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.locks.set(sha256, tail);
    void tail.then(() => {
      if (this.locks.get(sha256) === tail) this.locks.delete(sha256);
    });
    return run;
  }

  /** The incoming folder, made once per store (and again should someone remove it). */
  private async ensureIncoming(again = false): Promise<void> {
    if (again) this.incomingReady = null;
    this.incomingReady ??= mkdir(this.incoming, { recursive: true }).catch((error: unknown) => {
      this.incomingReady = null;
      throw error;
    });
    await this.incomingReady;
  }

  private async createPart(part: string): Promise<number> {
    try {
      return await openFile(part, 'wx', 0o444);
    } catch (error) {
      if (!isMissing(error)) throw error;
      await this.ensureIncoming(true);
      return openFile(part, 'wx', 0o444);
    }
  }

  private threads(): FileThreads {
    return (this.fileThreads ??= new FileThreads());
  }

  private async removePart(part: string): Promise<void> {
    try {
      await unlinkFile(part);
    } catch (error) {
      if (!isMissing(error)) throw error;
    } finally {
      live.delete(part);
    }
  }

  /** The path of a file: only ever built from a validated sha256, never from a name. */
  private pathOf(sha256: string): string {
    const hex = checkSha256(sha256);
    return join(this.root, hex.slice(0, 2), hex.slice(2, 4), hex);
  }
}

/** Whether a staged file's upload is over: its process is gone, or (another machine's) it is a day old. */
async function abandoned(name: string, path: string): Promise<boolean> {
  const [host, pid] = name.split('.');
  if (host === HOST && /^\d+$/.test(pid)) return Number(pid) === process.pid || !isAlive(Number(pid));
  try {
    return Date.now() - (await stat(path)).mtimeMs > FOREIGN_STALE_MS;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Whether the root holds anything but staged uploads: a fan-out folder (files are never in the root itself). */
function hasStoredFiles(root: string): boolean {
  try {
    return readdirSync(root).some((name) => name !== INCOMING);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/**
 * The same, synchronously: fs/promises' stat costs the event loop ≈ 85 µs for a missing file (it
 * builds an ENOENT error with its stack), this one a syscall, answered from the kernel's cache of
 * names (missing ones included) but for a cold folder.
 */
function isFileNow(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

async function writeAll(fd: number, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await writeFile(fd, chunk, offset, chunk.length - offset, null);
    offset += bytesWritten;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
