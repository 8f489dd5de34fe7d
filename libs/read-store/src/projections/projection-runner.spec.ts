import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type NewEvent } from '@shtc/event-store';
import { SqliteReadStore } from '../sqlite/sqlite-read-store';
import type { Document, ReadStore } from '../read-store.port';
import type { Projection } from './projection';
import { ProjectionCatalog } from './projection-catalog';
import { ProjectionRunner } from './projection-runner';

const event = (n: number): NewEvent => {
  const eventId = randomUUID();
  return {
    type: 'Counted',
    data: { n },
    metadata: {
      eventId,
      occurredAt: new Date(0).toISOString(),
      actor: { accountId: 'a', role: 'APPLICANT', businessId: '1' },
      correlationId: eventId,
      causationId: eventId,
      schemaVersion: 1,
    },
  };
};

interface Counter extends Document {
  count: number;
  sum: number;
}

/** Deliberately not idempotent (count += 1): applying an event twice would show. */
function counting(version = 1, onEvent: (n: number) => void = () => undefined): Projection {
  return {
    name: 'counts',
    version,
    collections: [{ name: 'stream_counts', indexes: [{ fields: [['count', 'desc']] }] }],
    handlers: {
      Counted: async (e, ctx) => {
        const n = (e.data as { n: number }).n;
        onEvent(n);
        const current = (await ctx.get<Counter>('stream_counts', e.stream)) ?? { id: e.stream, count: 0, sum: 0 };
        ctx.put('stream_counts', { ...current, count: current.count + 1, sum: current.sum + version * n });
      },
    },
  };
}

describe('ProjectionRunner', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteReadStore;
  let runners: ProjectionRunner[];

  const open = () => {
    events = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20 });
    store = new SqliteReadStore(join(dir, 'read.sqlite'));
  };
  const runner = (projection: Projection, options = {}) => {
    const r = new ProjectionRunner(events, store, [projection], { retryDelayMs: 10, ...options });
    runners.push(r);
    return r;
  };
  const append = async (stream: string, count: number) => {
    let position = 0n;
    for (let i = 1; i <= count; i++) position = (await events.append(stream, [event(i)], 'any')).position;
    return position;
  };
  const counter = async (catalog: ProjectionCatalog, stream: string, readStore: ReadStore = store) =>
    readStore.get<Counter>(await catalog.collection('counts', 'stream_counts'), stream);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-'));
    runners = [];
    open();
  });
  afterEach(async () => {
    for (const r of runners) await r.stop();
    await events.close();
    await store.close();
  });

  it('catches up from the start in batches, then follows live appends', async () => {
    const head = await append('case-A', 1200);
    const commits = jest.spyOn(store, 'unitOfWork');
    const r = runner(counting(), { batchSize: 500 });
    await r.start();
    expect(await r.waitFor(['counts'], head, 5000)).toBe(true);
    const catalog = new ProjectionCatalog(store, r);
    expect(await counter(catalog, 'case-A')).toMatchObject({ count: 1200, sum: (1200 * 1201) / 2 });
    expect(commits.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(commits.mock.calls.length).toBeLessThan(20);

    const live = await append('case-B', 3);
    expect(await r.waitFor(['counts'], live, 5000)).toBe(true);
    expect(await counter(catalog, 'case-B')).toMatchObject({ count: 3, sum: 6 });
  });

  it('applies the events that arrive while a batch is being committed', async () => {
    const r = runner(counting());
    await r.start();
    // Commits that take a while (a remote read store), so that live appends land during one.
    const commit = store.unitOfWork.bind(store);
    jest.spyOn(store, 'unitOfWork').mockImplementation(async (work) => {
      const result = await commit(work);
      await new Promise((resolve) => setTimeout(resolve, 40));
      return result;
    });
    let last = 0n;
    for (let i = 0; i < 12; i++) {
      last = await append('case-C', 1);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    expect(await r.waitFor(['counts'], last, 5000)).toBe(true);
    expect(await counter(new ProjectionCatalog(store, r), 'case-C')).toMatchObject({ count: 12, sum: 12 });
  });

  it('resumes from its checkpoint after a restart, applying each event once', async () => {
    const first = await append('case-A', 10);
    const r1 = runner(counting());
    await r1.start();
    await r1.waitFor(['counts'], first, 5000);
    await r1.stop();
    const second = await append('case-A', 5);
    const applied: number[] = [];
    const r2 = runner(counting(1, (n) => applied.push(n)));
    await r2.start();
    expect(await r2.waitFor(['counts'], second, 5000)).toBe(true);
    expect(applied).toEqual([1, 2, 3, 4, 5]);
    // A catalog without a runner (an API process beside a separate projector) reads the checkpoint.
    const remote = new ProjectionCatalog(store);
    expect(await remote.position('counts')).toBe(second);
    expect(await counter(remote, 'case-A')).toMatchObject({ count: 15 });
  });

  it('commits nothing of a failed batch and replays it without double counting', async () => {
    let failures = 1;
    const head = await append('case-A', 50);
    const r = runner(
      counting(1, (n) => {
        if (n === 40 && failures-- > 0) throw new Error('read store unavailable');
      }),
    );
    await r.start();
    expect(await r.waitFor(['counts'], head, 5000)).toBe(true);
    expect(await counter(new ProjectionCatalog(store, r), 'case-A')).toMatchObject({ count: 50, sum: 1275 });
  });

  it('answers false when a position is not reached in time', async () => {
    const head = await append('case-A', 1);
    const r = runner(counting());
    await r.start();
    expect(await r.waitFor(['counts'], head + 100n, 50)).toBe(false);
  });

  it('rebuilds a new version into fresh collections and swaps when caught up', async () => {
    const head = await append('case-A', 20);
    const r1 = runner(counting(1));
    await r1.start();
    await r1.waitFor(['counts'], head, 5000);
    await r1.stop();
    const oldName = await new ProjectionCatalog(store).collection('counts', 'stream_counts');

    const r2 = runner(counting(2));
    await r2.start();
    expect(await r2.waitFor(['counts'], head, 5000)).toBe(true);
    const catalog = new ProjectionCatalog(store, r2);
    const newName = await catalog.collection('counts', 'stream_counts');
    expect(newName).not.toBe(oldName);
    expect(await counter(catalog, 'case-A')).toMatchObject({ count: 20, sum: 2 * 210 });
    expect((await store.find(oldName)).items).toEqual([]); // old generation dropped
  });

  it('rebuilds on demand with progress while a live runner adopts the new generation', async () => {
    const head = await append('case-A', 1100);
    const live = runner(counting());
    await live.start();
    await live.waitFor(['counts'], head, 5000);
    const catalog = new ProjectionCatalog(store, live);
    const before = await catalog.collection('counts', 'stream_counts');

    const progress: number[] = [];
    await runner(counting(), { batchSize: 500 }).rebuild('counts', (p) => progress.push(p.events));
    expect(progress).toEqual([500, 1000, 1100]);

    const next = await append('case-A', 1);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the catalog's state cache expires
    const after = await catalog.collection('counts', 'stream_counts');
    expect(after).not.toBe(before);
    expect(await live.waitFor(['counts'], next, 5000)).toBe(true);
    expect(await counter(catalog, 'case-A')).toMatchObject({ count: 1101 });
  });

  it('rebuilds several projections in one pass over the log, each page read once', async () => {
    await append('case-A', 700);
    await append('case-B', 300);
    const doubled: Projection = { ...counting(2), name: 'doubled', collections: [{ name: 'doubled_counts' }] };
    doubled.handlers = {
      Counted: async (e, ctx) => {
        const current = (await ctx.get<Counter>('doubled_counts', e.stream)) ?? { id: e.stream, count: 0, sum: 0 };
        ctx.put('doubled_counts', { ...current, count: current.count + 1, sum: current.sum + 2 * (e.data as { n: number }).n });
      },
    };
    let pages = 0;
    const counted = new Proxy(events, {
      get: (target, key) => (key === 'readAll' ? (...args: Parameters<SqliteEventStore['readAll']>) => (pages++, target.readAll(...args)) : Reflect.get(target, key).bind?.(target) ?? Reflect.get(target, key)),
    });
    const both = new ProjectionRunner(counted, store, [counting(), doubled], { batchSize: 250 });
    runners.push(both);
    const progress: string[] = [];
    await both.rebuild(undefined, (p) => progress.push(`${p.projection}:${p.events}`));
    expect(pages).toBe(5); // four pages of 250 and the empty one that ends the pass
    expect(progress).toEqual(['counts, doubled:250', 'counts, doubled:500', 'counts, doubled:750', 'counts, doubled:1000']);
    const catalog = new ProjectionCatalog(store);
    expect(await counter(catalog, 'case-A')).toMatchObject({ count: 700, sum: (700 * 701) / 2 });
    expect(await store.get(await catalog.collection('doubled', 'doubled_counts'), 'case-B')).toMatchObject({ count: 300, sum: 300 * 301 });
  });
});
