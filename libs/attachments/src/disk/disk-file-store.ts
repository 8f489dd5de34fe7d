import { createHash, randomUUID } from 'node:crypto';
import { closeSync, constants, fsync, link, mkdir as mkdirCallback, open as openCallback, openSync, unlink, write } from 'node:fs';
import { access, mkdir, open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { ContentDigest } from '../content-digest';
import { checkSha256, type FileStore, type PutOptions, type StagedFile, type StoredFile } from '../file-store.port';

/** Where uploads are staged before they have a name; on the same file system as the files, so a link is atomic. */
const INCOMING = 'incoming';
/** This machine, in staged files' names, so that a sweep can tell whose a staged file is. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
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
const linkFile = promisify(link);
const unlinkFile = promisify(unlink);
const makeFolder = promisify(mkdirCallback);

/** Uploads of this process that committed a sha256 whose stored copy one of them created, not all settled yet. */
interface Hold {
  holders: number;
  kept: boolean;
  /** The folder fsync that makes the copy's name durable; every holder waits for it before its event. */
  durable: Promise<void>;
}

/**
 * The embedded file store: each file at `<root>/ab/cd/<sha256>` (the first two pairs of hex digits
 * fan the files out over 65,536 folders). An upload is staged as
 * `<root>/incoming/<host>.<pid>.<uuid>.part`, written and fsynced; its commit links it into place
 * (never replacing a file: a link fails if the name exists) and fsyncs the folder, so a file is
 * either wholly there or absent, even after a crash; then the staged name is removed.
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

  constructor(root: string) {
    this.root = resolve(root);
    this.incoming = join(this.root, INCOMING);
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
    live.add(part);
    let fd: number;
    try {
      // Stored files are never changed: read-only from the start (the descriptor still writes).
      fd = await this.createPart(part);
    } catch (error) {
      live.delete(part);
      throw error;
    }
    try {
      for await (const chunk of digest.chunks(content)) await writeAll(fd, chunk);
      await fsyncFile(fd);
    } catch (error) {
      closeSync(fd);
      await this.removePart(part);
      throw error;
    }
    closeSync(fd);
    return this.staged(part, digest.result());
  }

  async open(sha256: string): Promise<Readable | null> {
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
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
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
  }

  async close(): Promise<void> {
    // Nothing held open between calls.
  }

  private staged(part: string, stored: StoredFile): StagedFile {
    const { sha256 } = stored;
    let state: 'staged' | 'committed' | 'settled' = 'staged';
    /** Whether this upload is one of the holders of a copy an upload of this process created. */
    let holding = false;
    return {
      ...stored,
      commit: async () => {
        if (state !== 'staged') throw new Error(`Cannot commit an upload that is ${state}`);
        const hold = await this.lock(sha256, async () => {
          const target = this.pathOf(sha256);
          if (await linkInto(part, target)) {
            const durable = syncFolder(dirname(target));
            durable.catch(() => undefined); // each holder awaits it; none may crash the process meanwhile
            const created: Hold = { holders: 1, kept: false, durable };
            this.holds.set(sha256, created);
            return created;
          }
          // Stored before: by an upload of ours still in flight (hold it too), or long ago (never removed).
          const existing = this.holds.get(sha256) ?? null;
          if (existing) existing.holders += 1;
          return existing;
        });
        holding = hold !== null;
        state = 'committed';
        // The staged name is not needed any more; should removing it fail, the next sweep does it.
        await this.removePart(part).catch(() => undefined);
        await hold?.durable;
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
        if (was === 'staged') return this.removePart(part);
        const hold = this.holds.get(sha256);
        if (!holding || !hold) return;
        await this.lock(sha256, async () => {
          if (this.release(sha256, hold) && !hold.kept) {
            await hold.durable.catch(() => undefined);
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

  private async createPart(part: string): Promise<number> {
    // The incoming folder is made once per store (and again should someone remove it).
    this.incomingReady ??= mkdir(this.incoming, { recursive: true });
    await this.incomingReady;
    try {
      return await openFile(part, 'wx', 0o444);
    } catch (error) {
      if (!isMissing(error)) throw error;
      await mkdir(this.incoming, { recursive: true });
      return openFile(part, 'wx', 0o444);
    }
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

/** Links the staged file to its stored name; true when that created it, false when it was there. */
async function linkInto(part: string, target: string): Promise<boolean> {
  try {
    await linkFile(part, target);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  // The first file of its fan-out folder: make the folders, each made durable in its parent.
  const folder = dirname(target);
  for (const path of [dirname(folder), folder]) {
    try {
      await makeFolder(path);
      await syncFolder(dirname(path));
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
  try {
    await linkFile(part, target);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
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

async function writeAll(fd: number, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await writeFile(fd, chunk, offset, chunk.length - offset, null);
    offset += bytesWritten;
  }
}

/**
 * Makes a name in the folder durable. Opening and closing a folder are cheap and never wait on
 * the journal, so they run here; the fsync goes to libuv's pool. Some platforms cannot open a
 * folder for syncing: best effort there.
 */
async function syncFolder(path: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes(errorCode(error) ?? '')) return;
    throw error;
  }
  try {
    await fsyncFile(fd);
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    closeSync(fd);
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
