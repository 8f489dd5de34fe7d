import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DiskFileStore, stagedFileName } from '@shtc/attachments';
import { fileStoreContract } from './file-store.contract';

/** Every file under the root, temporary ones included. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(root, path)).isFile());
}

describe('DiskFileStore', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  const newRoot = () => {
    const root = join(mkdtempSync(join(tmpdir(), 'files-')), 'files');
    roots.push(root);
    return root;
  };

  /** What a process killed mid-upload leaves: its staged file, named with a pid that is gone. */
  const abandonUpload = async (root: string) => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(join(root, 'incoming'), { recursive: true });
    writeFileSync(join(root, 'incoming', stagedFileName(gone)), randomBytes(10_000));
  };

  fileStoreContract(async () => {
    const root = newRoot();
    return { store: new DiskFileStore(root), probe: { countStoredObjects: async () => filesUnder(root).length, abandonUpload: () => abandonUpload(root) } };
  });

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
    expect(statSync(join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256)).mode & 0o222).toBe(0);
  });
});
