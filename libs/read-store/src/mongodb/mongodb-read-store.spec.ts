import { databaseFromUrl, MongoReadStore } from './mongodb-read-store';

// Runs without a server: the behaviour against a real MongoDB is test/contract/mongodb-read-store.spec.ts.
describe('MongoReadStore without a server', () => {
  it('fails fast when nothing listens (nothing does on port 1)', async () => {
    const started = Date.now();
    const connectAndPing = async () => {
      const store = await MongoReadStore.connect('mongodb://127.0.0.1:1/x');
      try {
        await store.ping();
      } finally {
        await store.close();
      }
    };
    await expect(connectAndPing()).rejects.toMatchObject({ name: 'MongoServerSelectionError' });
    // The driver's default server selection timeout is 30 s; the start-up probe's is 2 s.
    expect(Date.now() - started).toBeLessThan(5000);
  }, 15_000);

  it('rejects a URL that is not a MongoDB connection string', async () => {
    await expect(MongoReadStore.connect('http://127.0.0.1:1/x')).rejects.toThrow();
  });
});

describe('databaseFromUrl', () => {
  it('reads the database from the path, before the options', () => {
    expect(databaseFromUrl('mongodb://127.0.0.1:1/x')).toBe('x');
    expect(databaseFromUrl('mongodb://user:p%40ss@h1:27017,h2:27017/licensing?replicaSet=rs0')).toBe('licensing');
    expect(databaseFromUrl('mongodb+srv://cluster0.example.net/shtc_prod?retryWrites=true')).toBe('shtc_prod');
    expect(databaseFromUrl('mongodb://h/my%20db')).toBe('my db');
  });

  it('answers undefined when the URL names no database, so the store uses shtc', () => {
    expect(databaseFromUrl('mongodb://localhost:27017')).toBeUndefined();
    expect(databaseFromUrl('mongodb://localhost:27017/')).toBeUndefined();
    expect(databaseFromUrl('mongodb://localhost:27017/?replicaSet=rs0')).toBeUndefined();
    expect(databaseFromUrl('mongodb://localhost:27017?directConnection=true')).toBeUndefined();
  });
});
