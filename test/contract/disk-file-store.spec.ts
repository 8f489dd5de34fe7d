import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DiskFileStore } from '@shtc/attachments';
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

  fileStoreContract(async () => {
    const root = newRoot();
    return { store: new DiskFileStore(root), probe: { countStoredObjects: async () => filesUnder(root).length } };
  });

  it('fans files out as ab/cd/<sha256>, read-only, with no temporary file left', async () => {
    const root = newRoot();
    const store = new DiskFileStore(root);
    const { sha256 } = await store.put(Readable.from([randomBytes(100)]), { maxBytes: 100 });
    expect(filesUnder(root)).toEqual([join(sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
    expect(statSync(join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256)).mode & 0o222).toBe(0);
  });
});
