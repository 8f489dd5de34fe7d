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
});
