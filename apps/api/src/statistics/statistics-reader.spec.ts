import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPosition, type RecordedEvent } from '@shtc/event-store';
import { STATISTICS_PROJECTION, replayStatistics, statisticsProjection, type StatisticsQuery } from '@shtc/projections';
import {
  PROJECTION_CHECKPOINTS,
  PROJECTION_STATE,
  ProjectionCatalog,
  SqliteReadStore,
  checkpointId,
  physicalCollection,
  type ProjectionContext,
  type ReadStore,
} from '@shtc/read-store';
import { officeCalendar, regimesOf } from '@shtc/reference-data';
import { aprilLog, eventStoreOf } from '../../../../projections/statistics/statistics.fixtures';
import { StatisticsReader } from './statistics-reader';

const projection = statisticsProjection({ calendar: officeCalendar });

/** Commits a batch of events as the runner does: the projection's documents and its checkpoint in one unit of work. */
async function commit(store: ReadStore, batch: RecordedEvent[]): Promise<void> {
  await store.unitOfWork(async (uow) => {
    const physical = (collection: string) => physicalCollection(collection, 1);
    const context: ProjectionContext = {
      get: (collection, id) => uow.get(physical(collection), id),
      put: (collection, doc) => uow.put(physical(collection), doc),
      delete: (collection, id) => uow.delete(physical(collection), id),
      putIfAbsent: async () => undefined,
    };
    for (const event of batch) await projection.handlers[event.type]?.(event, context);
    const position = formatPosition(batch[batch.length - 1].position);
    uow.put(PROJECTION_CHECKPOINTS, { id: checkpointId(STATISTICS_PROJECTION, 1), projection: STATISTICS_PROJECTION, version: 1, generation: 1, position });
  });
}

/**
 * The reader answers the figures of one position although the store has no snapshots: a batch
 * committed while it reads the cells is seen by the cells' own positions, and it reads again.
 */
describe('StatisticsReader: the figures of one position, while the projector commits', () => {
  const { events } = aprilLog();
  // Every event but the last, the Indian licence's expiry on 9 October, which comes while the reader reads.
  const split = events.length - 1;
  let dir: string;
  let store: SqliteReadStore;
  let reader: StatisticsReader;
  let finds: number;
  let commitDuringRead: RecordedEvent[] | null;
  const replayedUpTo = (query: StatisticsQuery, position: bigint) =>
    replayStatistics(eventStoreOf(events.filter((event) => event.position <= position)), query, { calendar: officeCalendar, regimesOf });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'statistics-reader-'));
    store = new SqliteReadStore(join(dir, 'read.sqlite'));
    await store.put(PROJECTION_STATE, { id: STATISTICS_PROJECTION, version: 1, generation: 1, swappedAt: new Date().toISOString() });
    await commit(store, events.slice(0, split));
    finds = 0;
    commitDuringRead = null;
    // The store as the reader sees it: the projector commits the rest of the log once the reader has
    // taken its position, just before it reads the first page of cells.
    const racing = Object.create(store) as ReadStore;
    racing.find = async (...args) => {
      if (commitDuringRead) {
        const batch = commitDuringRead;
        commitDuringRead = null;
        await commit(store, batch);
      }
      finds += 1;
      return store.find(...args) as never;
    };
    reader = new StatisticsReader(racing, new ProjectionCatalog(racing));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads again when a batch changed cells of its range meanwhile, and answers the later position', async () => {
    const query: StatisticsQuery = { from: '2027-10-01', to: '2027-10-31', by: 'destination' };
    commitDuringRead = events.slice(split);
    const answer = await reader.figures(query);
    const head = events[events.length - 1].position;
    expect(answer.position).toBe(String(head));
    expect(answer.total.licences.expiredUnused).toBe(1);
    expect(answer).toEqual(await replayedUpTo(query, head));
    expect(finds).toBe(2); // one page of October's destination cells, twice
  });

  it('reads once a range the batch did not change, and answers the position it read first', async () => {
    const query: StatisticsQuery = { from: '2027-04-01', to: '2027-04-30', by: 'destination' };
    commitDuringRead = events.slice(split);
    const answer = await reader.figures(query);
    const before = events[split - 1].position;
    expect(answer.position).toBe(String(before));
    expect(answer).toEqual(await replayedUpTo(query, before));
    expect(finds).toBe(1);
  });
});
