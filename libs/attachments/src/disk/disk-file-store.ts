import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { ContentDigest } from '../content-digest';
import { checkSha256, type FileStore, type PutOptions, type StoredFile } from '../file-store.port';

/** Where uploads are written before they have a name; on the same file system as the files, so rename is atomic. */
const INCOMING = 'incoming';

/**
 * The embedded file store: each file at `<root>/ab/cd/<sha256>` (the first two pairs of hex digits
 * fan the files out over 65,536 folders). A put writes to `<root>/incoming/<uuid>.part`, fsyncs it,
 * then renames it into place and fsyncs the folder, so a file is either wholly there or absent,
 * even after a crash. Two puts of the same content may both rename: POSIX rename replaces the
 * target atomically with identical bytes, so readers always see one whole copy. A crash mid-put can
 * leave a `.part` file in `incoming/`, which is never read and may be deleted at any time.
 */
export class DiskFileStore implements FileStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(content: AsyncIterable<Uint8Array> | Readable, { maxBytes }: PutOptions): Promise<StoredFile> {
    const digest = new ContentDigest(maxBytes);
    const incoming = join(this.root, INCOMING);
    await mkdir(incoming, { recursive: true });
    const temporary = join(incoming, `${randomUUID()}.part`);
    // Stored files are never changed: read-only from the start (the descriptor still writes).
    const handle = await open(temporary, 'wx', 0o444);
    try {
      for await (const chunk of digest.chunks(content)) await writeAll(handle, chunk);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw error;
    }
    await handle.close();

    const stored = digest.result();
    const target = this.pathOf(stored.sha256);
    try {
      if (await this.exists(stored.sha256)) {
        await rm(temporary, { force: true });
        return stored;
      }
      await mkdir(dirname(target), { recursive: true });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncFolder(dirname(target));
    return stored;
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

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  async close(): Promise<void> {
    // Nothing held open between calls.
  }

  /** The path of a file: only ever built from a validated sha256, never from a name. */
  private pathOf(sha256: string): string {
    const hex = checkSha256(sha256);
    return join(this.root, hex.slice(0, 2), hex.slice(2, 4), hex);
  }
}

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** Makes a rename in the folder durable. Some platforms cannot open a folder for syncing: best effort there. */
async function syncFolder(path: string): Promise<void> {
  let folder: FileHandle | undefined;
  try {
    folder = await open(path, 'r');
    await folder.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await folder?.close();
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
