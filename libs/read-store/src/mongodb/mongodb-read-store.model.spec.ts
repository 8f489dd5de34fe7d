import { setTimeout } from 'node:timers/promises';
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

  it('creates a declared unique index partial, over documents whose field holds a value', async () => {
    store = await MongoReadStore.connect(server.url());
    await store.ensureCollection({ name: 'accounts', indexes: [{ fields: [['email', 'asc']], unique: true }] });
    const [index] = server.commandsNamed('createIndexes')[0].body.indexes as Array<Record<string, unknown>>;
    expect(index).toMatchObject({ key: { email: 1 }, name: 'email_1', unique: true, partialFilterExpression: { $or: expect.any(Array) } });
  });

  describe('through an election', () => {
    // A replica-set election leaves the set without a primary for up to ~12 s; the model's lasts 3 s.
    const ELECTION_MS = 3000;

    it('waits for the new primary to answer a read, while ping answers within its own short deadline', async () => {
      store = await MongoReadStore.connect(server.url());
      await store.put('cases', { id: 'C1', status: 'REGISTERED' });
      server.stepDown(ELECTION_MS);
      const started = Date.now();
      const read = store.get('cases', 'C1');
      // The read learns first that the member stepped down (NotWritablePrimary); the ping then has no primary to go to.
      await setTimeout(300);
      const ping = store.ping().then(() => 'up', (error: Error) => ({ message: error.message, after: Date.now() - started }));
      // Health: down within the probe timeout (2 s), not after the 30 s an ordinary operation may wait.
      expect(await ping).toEqual({ message: 'MongoDB: no primary answered a ping within 2000 ms', after: expect.any(Number) });
      expect(((await ping) as { after: number }).after).toBeLessThan(ELECTION_MS);
      expect(await read).toEqual({ id: 'C1', status: 'REGISTERED' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(ELECTION_MS - 100);
    });

    it('commits a unit of work that meets the election mid-transaction, once a primary is back', async () => {
      store = await MongoReadStore.connect(server.url());
      // Collections the projections ensured at start: a unit of work then only writes, in its transaction.
      await store.ensureCollection({ name: 'cases' });
      await store.ensureCollection({ name: 'checkpoints' });
      server.stepDown(ELECTION_MS);
      await store.unitOfWork(async (uow) => {
        uow.put('cases', { id: 'C1', status: 'REGISTERED' });
        uow.put('checkpoints', { id: 'case-status', position: '42' });
      });
      expect(server.documents('model', 'cases')).toEqual([{ _id: 'C1', status: 'REGISTERED' }]);
      expect(server.documents('model', 'checkpoints')).toEqual([{ _id: 'case-status', position: '42' }]);
    });

    it('retries a transaction whose write found no primary in time (the transactions specification labels that error transient; the driver does not)', async () => {
      store = await MongoReadStore.connect(server.url(), { serverSelectionTimeoutMS: 300 });
      await store.ensureCollection({ name: 'cases' });
      server.stepDown(1500);
      await store.unitOfWork(async (uow) => void uow.put('cases', { id: 'C1', status: 'REGISTERED' }));
      expect(server.documents('model', 'cases')).toEqual([{ _id: 'C1', status: 'REGISTERED' }]);
    });

    it('still fails start-up fast when no member is primary', async () => {
      server.stepDown(60_000);
      const started = Date.now();
      await expect(MongoReadStore.connect(server.url())).rejects.toMatchObject({ name: 'MongoServerSelectionError' });
      expect(Date.now() - started).toBeLessThan(4000);
    });
  });

  describe('retries a unit of work on what the driver retries, applying its writes once', () => {
    beforeEach(async () => {
      store = await MongoReadStore.connect(server.url());
      await store.ensureCollection({ name: 'cases' });
    });
    const commit = () => store!.unitOfWork(async (uow) => void uow.put('cases', { id: 'C1', items: 1 }));

    it('a write conflict (TransientTransactionError): the whole transaction again', async () => {
      server.failCommand({ commands: ['update'], times: 1, errorCode: 112, codeName: 'WriteConflict', errorLabels: ['TransientTransactionError'] });
      await commit();
      expect(server.commandsNamed('update')).toHaveLength(2);
      expect(server.documents('model', 'cases')).toEqual([{ _id: 'C1', items: 1 }]);
    });

    it('a connection lost mid-transaction: the whole transaction again', async () => {
      server.failCommand({ commands: ['update'], times: 1, closeConnection: true });
      await commit();
      expect(server.documents('model', 'cases')).toEqual([{ _id: 'C1', items: 1 }]);
    });

    it('a commit whose outcome is unknown (UnknownTransactionCommitResult): the commit again', async () => {
      server.failCommand({ commands: ['commitTransaction'], times: 1, closeConnection: true });
      await commit();
      expect(server.commandsNamed('commitTransaction')).toHaveLength(2);
      expect(server.documents('model', 'cases')).toEqual([{ _id: 'C1', items: 1 }]);
    });
  });
});

