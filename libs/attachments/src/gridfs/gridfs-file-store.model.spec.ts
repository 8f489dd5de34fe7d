import { setTimeout } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { ModelMongoServer } from '../../../read-store/src/mongodb/testing/model-server';
import { GridFsFileStore } from './gridfs-file-store';

const SHA256 = 'a'.repeat(64);

// The store and the real driver against a model of a one-member replica set (read-store's testing/model-server.ts).
describe('GridFsFileStore over the model server', () => {
  let server: ModelMongoServer;
  beforeEach(async () => {
    server = await ModelMongoServer.start();
  });
  afterEach(() => server.close());

  it('reads the primary at majority when the URL prefers secondaries', async () => {
    const store = await GridFsFileStore.connect(server.url('readPreference=secondaryPreferred'));
    try {
      expect(await store.exists(SHA256)).toBe(false);
    } finally {
      await store.close();
    }
    const [lookup] = server.commandsNamed('find').map((command) => command.body);
    expect(lookup.$readPreference).toBeUndefined();
    expect(lookup.readConcern).toEqual({ level: 'majority' });
  });

  it('reads the primary over a database handle the caller opened with another read preference', async () => {
    const client = new MongoClient(server.url('readPreference=secondaryPreferred'));
    try {
      const store = GridFsFileStore.fromDb(client.db('model'));
      expect(await store.open(SHA256)).toBeNull();
    } finally {
      await client.close();
    }
    expect(server.commandsNamed('find')[0].body.$readPreference).toBeUndefined();
  });

  it('waits for a new primary to look a file up through an election, while ping answers within its own short deadline', async () => {
    const store = await GridFsFileStore.connect(server.url());
    try {
      server.stepDown(3000);
      const started = Date.now();
      const lookup = store.exists(SHA256);
      // The lookup learns first that the member stepped down (NotWritablePrimary); the ping then has no primary to go to.
      await setTimeout(300);
      const ping = store.ping().then(() => 'up', (error: Error) => ({ message: error.message, after: Date.now() - started }));
      expect(await ping).toEqual({ message: 'MongoDB: no primary answered a ping within 2000 ms', after: expect.any(Number) });
      expect(((await ping) as { after: number }).after).toBeLessThan(3000);
      expect(await lookup).toBe(false);
    } finally {
      await store.close();
    }
  });
});

