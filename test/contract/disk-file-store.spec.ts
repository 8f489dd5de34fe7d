import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import Database from 'better-sqlite3';
import { BLOB_MAX_BYTES, DiskFileStore, stagedFileName, type DiskFileStoreOptions } from '@shtc/attachments';
import { fileStoreContract } from './file-store.contract';

/** Every file under the root, temporary ones included. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(root, path)).isFile());
}

/** The sha256s stored as rows of the SQLite file, read by a connection of its own (what another process sees). */
function rowsIn(blobs: string): string[] {
  if (!existsSync(blobs)) return [];
  const db = new Database(blobs, { readonly: true });
  try {
    return db.prepare<[], string>('SELECT sha256 FROM blobs ORDER BY sha256').pluck().all();
  } finally {
    db.close();
  }
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pathIn = (root: string, sha256: string) => join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

describe('DiskFileStore', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(dirname(root), { recursive: true, force: true })));
  const newRoot = () => {
    const root = join(mkdtempSync(join(tmpdir(), 'files-')), 'files');
    roots.push(root);
    return root;
  };
  /** The SQLite file beside a root, as the server places DATA_DIR/files.sqlite beside DATA_DIR/files. */
  const blobsOf = (root: string) => join(dirname(root), 'files.sqlite');

  /** What a process killed mid-upload leaves: its staged file, named with a pid that is gone. */
  const abandonUpload = async (root: string) => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(join(root, 'incoming'), { recursive: true });
    writeFileSync(join(root, 'incoming', stagedFileName(gone)), randomBytes(10_000));
  };

  const contract = (options: (root: string) => DiskFileStoreOptions) =>
    fileStoreContract(async () => {
      const root = newRoot();
      const store = new DiskFileStore(root, options(root));
      const countStoredObjects = async () => filesUnder(root).length + rowsIn(blobsOf(root)).length;
      return { store, probe: { countStoredObjects, abandonUpload: () => abandonUpload(root) } };
    });

  describe('every file a file of its own', () => contract(() => ({})));
  describe('small files in a SQLite file (as the server opens it)', () => contract((root) => ({ blobs: blobsOf(root) })));
  describe('files up to 40,000 bytes in a SQLite file, larger ones files', () => contract((root) => ({ blobs: blobsOf(root), blobMaxBytes: 40_000 })));

  it('sweeps only its own machine\'s staged files of processes that are gone, and another\'s a day old', async () => {
    const root = newRoot();
    const store = new DiskFileStore(root);
    await abandonUpload(root);
    const incoming = join(root, 'incoming');
    // A live process of this machine (this very test's parent) is uploading.
    writeFileSync(join(incoming, stagedFileName(process.ppid, 'live')), 'x');
    // Another machine's, recent and a day old.
    writeFileSync(join(incoming, 'ffffffff.1.recent.part'), 'x');
    writeFileSync(join(incoming, 'ffffffff.1.old.part'), 'x');
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    utimesSync(join(incoming, 'ffffffff.1.old.part'), dayAgo, dayAgo);
    expect(await store.sweep()).toBe(2);
    expect(readdirSync(incoming).sort()).toEqual([stagedFileName(process.ppid, 'live'), 'ffffffff.1.recent.part'].sort());
  });

  it('fans files out as ab/cd/<sha256>, read-only, with no temporary file left', async () => {
    const root = newRoot();
    const store = new DiskFileStore(root);
    const { sha256 } = await store.put(Readable.from([randomBytes(100)]), { maxBytes: 100 });
    expect(filesUnder(root)).toEqual([join(sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
    expect(statSync(pathIn(root, sha256)).mode & 0o222).toBe(0);
  });

  describe('with a SQLite file for small files', () => {
    it('stores content up to blobMaxBytes as a row, committed where another connection sees it, and larger content as a file', async () => {
      const root = newRoot();
      const store = new DiskFileStore(root, { blobs: blobsOf(root), blobMaxBytes: 1000 });
      const small = randomBytes(1000);
      const staged = await store.stage(Readable.from([small]), { maxBytes: 2000 });
      expect(rowsIn(blobsOf(root))).toEqual([]);
      await staged.commit();
      // Committed before the event is appended: on disk, not only in this process.
      expect(rowsIn(blobsOf(root))).toEqual([sha256Of(small)]);
      await staged.keep();
      const large = randomBytes(1001);
      await store.put(Readable.from([large]), { maxBytes: 2000 });
      expect(filesUnder(root)).toEqual([join(sha256Of(large).slice(0, 2), sha256Of(large).slice(2, 4), sha256Of(large))]);
      expect(rowsIn(blobsOf(root))).toEqual([sha256Of(small)]);
      await store.close();

      const reopened = new DiskFileStore(root, { blobs: blobsOf(root), blobMaxBytes: 1000 });
      expect((await buffer((await reopened.open(sha256Of(small)))!)).equals(small)).toBe(true);
      expect((await buffer((await reopened.open(sha256Of(large)))!)).equals(large)).toBe(true);
      await reopened.close();
    });

    it('stores up to BLOB_MAX_BYTES (128 KB) as a row by default', async () => {
      const root = newRoot();
      const store = new DiskFileStore(root, { blobs: blobsOf(root) });
      const atMost = randomBytes(BLOB_MAX_BYTES);
      const past = randomBytes(BLOB_MAX_BYTES + 1);
      await store.put(Readable.from([atMost]), { maxBytes: BLOB_MAX_BYTES + 1 });
      await store.put(Readable.from([past]), { maxBytes: BLOB_MAX_BYTES + 1 });
      expect(BLOB_MAX_BYTES).toBe(128 * 1024);
      expect(rowsIn(blobsOf(root))).toEqual([sha256Of(atMost)]);
      expect(filesUnder(root)).toEqual([join(sha256Of(past).slice(0, 2), sha256Of(past).slice(2, 4), sha256Of(past))]);
      await store.close();
    });

    it('reads files an earlier version stored under the root, never stores their content again, and never removes them', async () => {
      const root = newRoot();
      const legacy = randomBytes(5000);
      mkdirSync(dirname(pathIn(root, sha256Of(legacy))), { recursive: true });
      writeFileSync(pathIn(root, sha256Of(legacy)), legacy, { mode: 0o444 });
      const store = new DiskFileStore(root, { blobs: blobsOf(root) });
      expect(await store.exists(sha256Of(legacy))).toBe(true);
      expect((await buffer((await store.open(sha256Of(legacy)))!)).equals(legacy)).toBe(true);

      expect(await store.put(Readable.from([legacy]), { maxBytes: 10_000 })).toEqual({ sha256: sha256Of(legacy), size: 5000 });
      const again = await store.stage(Readable.from([legacy]), { maxBytes: 10_000 });
      await again.commit();
      await again.discard();
      expect(rowsIn(blobsOf(root))).toEqual([]);
      expect(filesUnder(root)).toEqual([join(sha256Of(legacy).slice(0, 2), sha256Of(legacy).slice(2, 4), sha256Of(legacy))]);
      expect((await buffer((await store.open(sha256Of(legacy)))!)).equals(legacy)).toBe(true);
      await store.close();
    });

    it('keeps one copy across both places: a file upload of content stored as a row holds the row, and its discard leaves it', async () => {
      const root = newRoot();
      const content = randomBytes(2000);
      const small = new DiskFileStore(root, { blobs: blobsOf(root) });
      await small.put(Readable.from([content]), { maxBytes: 10_000 });
      await small.close();
      // The same bytes where they would be a file (as an upload staged on disk under memory pressure is).
      const files = new DiskFileStore(root, { blobs: blobsOf(root), blobMaxBytes: 0 });
      expect(await files.put(Readable.from([content]), { maxBytes: 10_000 })).toEqual({ sha256: sha256Of(content), size: 2000 });
      const refused = await files.stage(Readable.from([content]), { maxBytes: 10_000 });
      await refused.commit();
      await refused.discard();
      expect(filesUnder(root)).toEqual([]);
      expect(rowsIn(blobsOf(root))).toEqual([sha256Of(content)]);
      expect((await buffer((await files.open(sha256Of(content)))!)).equals(content)).toBe(true);
      await files.close();
    });

    it('pings only while its SQLite file can be written at full durability', async () => {
      const root = newRoot();
      const store = new DiskFileStore(root, { blobs: blobsOf(root) });
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();

      const broken = newRoot();
      const unwritable = new DiskFileStore(broken, { blobs: blobsOf(broken) });
      // The file the store opened is gone, and what has its name cannot be opened as a database.
      renameSync(blobsOf(broken), `${blobsOf(broken)}.moved`);
      mkdirSync(blobsOf(broken));
      await expect(unwritable.ping()).rejects.toThrow();
      await unwritable.close();
    });
  });
});
