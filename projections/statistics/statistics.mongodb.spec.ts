import { officeCalendar, regimesOf } from '@shtc/reference-data';
import type { ProjectionContext } from '@shtc/read-store';
import { MongoReadStore } from '@shtc/read-store/mongodb';
import { ModelMongoServer } from '../../libs/read-store/src/mongodb/testing/model-server';
import { StatisticsGroups, cellReads } from './statistics-query';
import { replayStatistics } from './statistics-replay';
import { aprilLog, eventStoreOf } from './statistics.fixtures';
import { STATISTICS_CELLS, statisticsProjection, type StatisticsCell } from './statistics.projection';

// The projection's documents through the MongoDB adapter and the real driver (a model replica set,
// libs/read-store/src/mongodb/testing): written in units of work of a few events, as the runner
// commits batches, read back, and merged into the same figures as a replay of the log.
describe('statistics projection on the MongoDB read store', () => {
  let server: ModelMongoServer;
  let store: MongoReadStore;
  beforeAll(async () => {
    server = await ModelMongoServer.start();
    store = await MongoReadStore.connect(server.url());
  });
  afterAll(async () => {
    await store.close();
    await server.close();
  });

  it('stores cells MongoDB accepts, and they give the figures a replay gives', async () => {
    const { events } = aprilLog();
    const projection = statisticsProjection({ calendar: officeCalendar });
    for (let i = 0; i < events.length; i += 4) {
      await store.unitOfWork(async (uow) => {
        const context: ProjectionContext = { get: (c, id) => uow.get(c, id), put: (c, doc) => uow.put(c, doc), delete: (c, id) => uow.delete(c, id), putIfAbsent: async () => undefined };
        for (const event of events.slice(i, i + 4)) await projection.handlers[event.type]?.(event, context);
      });
    }
    const { items: cells } = await store.find<StatisticsCell>(STATISTICS_CELLS, {}, { limit: 500 });
    // 8 days and 2 months, each with a cell per route, kind, destination (DE, IN) and category (5; 3 for IN) that occurs.
    expect(cells).toHaveLength(52);
    const query = { from: '2027-04-02', to: '2027-10-31', by: 'destination' as const };
    const groups = new StatisticsGroups(query, regimesOf);
    for (const read of cellReads(query)) {
      for (const cell of cells) if (cell.grain === read.grain && cell.dimension === read.dimension && cell.period >= read.from && cell.period <= read.to) groups.addCell(read, cell);
    }
    const head = events[events.length - 1].position;
    expect(groups.answer(head)).toEqual(await replayStatistics(eventStoreOf(events), query, { calendar: officeCalendar, regimesOf }));
  });
});
