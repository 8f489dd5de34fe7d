import { MongoClient } from 'mongodb';
import { MongoReadStore } from './mongodb-read-store';
import { ModelMongoServer } from './testing/model-server';

// The adapter and the real driver against a model of a one-member replica set (testing/model-server.ts).
describe('MongoReadStore over the model server', () => {
  let server: ModelMongoServer;
  let store: MongoReadStore | null = null;
  beforeEach(async () => {
    server = await ModelMongoServer.start();
  });
  afterEach(async () => {
    await store?.close();
    store = null;
    await server.close();
  });

  describe('reads the primary, whatever read preference the URL names', () => {
    const url = () => server.url('readPreference=secondaryPreferred');

    it('sends reads without a secondary read preference, and reads and writes at majority', async () => {
      store = await MongoReadStore.connect(url());
      await store.put('cases', { id: 'C1', status: 'REGISTERED' });
      expect(await store.get('cases', 'C1')).toEqual({ id: 'C1', status: 'REGISTERED' });
      await store.find('cases', { id: 'C1' });

      const [get, find] = server.commandsNamed('find').map((command) => command.body);
      for (const read of [get, find]) {
        expect(read.$readPreference).toBeUndefined(); // primary: the driver names no other mode
        expect(read.readConcern).toEqual({ level: 'majority' });
      }
      expect(server.commandsNamed('update')[0].body.writeConcern).toEqual({ w: 'majority' });
    });

    it('where a client on the same URL would read a secondary', async () => {
      // The control: without the adapter's own settings, the URL's read preference reaches the server.
      const client = new MongoClient(url());
      try {
        await client.db('model').collection('cases').findOne({ _id: 'C1' } as never);
      } finally {
        await client.close();
      }
      expect(server.commandsNamed('find')[0].body.$readPreference).toEqual({ mode: 'secondaryPreferred' });
    });
  });
});
