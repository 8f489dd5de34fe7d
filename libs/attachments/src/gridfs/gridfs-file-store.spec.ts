import { GridFsFileStore } from './gridfs-file-store';

// Runs without a server: the behaviour against a real MongoDB is test/contract/gridfs-file-store.spec.ts.
describe('GridFsFileStore without a server', () => {
  it('fails fast when nothing listens (nothing does on port 1)', async () => {
    const started = Date.now();
    await expect(GridFsFileStore.connect('mongodb://127.0.0.1:1/x')).rejects.toMatchObject({ name: 'MongoServerSelectionError' });
    // The driver's default server selection timeout is 30 s; the start-up probe's is 2 s, as the read store's.
    expect(Date.now() - started).toBeLessThan(5000);
  }, 15_000);

  it('rejects a URL that is not a MongoDB connection string', async () => {
    await expect(GridFsFileStore.connect('http://127.0.0.1:1/x')).rejects.toThrow();
  });
});
