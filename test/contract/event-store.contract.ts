import {
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedRevisionError,
  verifyChain,
  verifyIntegrity,
  type EventStore,
  type RecordedEvent,
  type StreamHead,
} from '@shtc/event-store';
import { newEvent, uniquePrefix, within } from '@shtc/testing';

/**
 * The behaviour every event store adapter must show. Streams get a unique prefix so the suite
 * can run against a shared server; readAll results are filtered to this run's streams.
 */
export function eventStoreContract(open: () => Promise<EventStore>): void {
  let store: EventStore;
  let prefix: string;
  const stream = (name: string) => `${prefix}-${name}`;
  const ours = (events: RecordedEvent[]) => events.filter((e) => e.stream.startsWith(prefix));

  beforeEach(async () => {
    store = await open();
    prefix = uniquePrefix('case');
  });
  afterEach(async () => {
    await store.close();
  });

  describe('append with each expected-revision form', () => {
    it('creates a stream when it expects none, and refuses a second creation (R-ACC-1 uniqueness)', async () => {
      const s = stream('a');
      const first = await store.append(s, [newEvent('Opened', { n: 1 })], NO_STREAM);
      expect(first.nextRevision).toBe(0);
      await expect(store.append(s, [newEvent('Opened', { n: 2 })], NO_STREAM)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('appends at the expected revision and refuses a stale one', async () => {
      const s = stream('b');
      await store.append(s, [newEvent('A', {}), newEvent('B', {})], NO_STREAM);
      const next = await store.append(s, [newEvent('C', {})], 1);
      expect(next.nextRevision).toBe(2);
      const stale = store.append(s, [newEvent('D', {})], 1);
      await expect(stale).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', stream: s, actual: 2 });
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it('appends with any whether or not the stream exists', async () => {
      const s = stream('c');
      expect((await store.append(s, [newEvent('A', {})], 'any')).nextRevision).toBe(0);
      expect((await store.append(s, [newEvent('B', {})], 'any')).nextRevision).toBe(1);
    });

    it('appends with stream_exists only to an existing stream', async () => {
      const s = stream('d');
      await expect(store.append(s, [newEvent('A', {})], STREAM_EXISTS)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await store.append(s, [newEvent('A', {})], NO_STREAM);
      expect((await store.append(s, [newEvent('B', {})], STREAM_EXISTS)).nextRevision).toBe(1);
    });

    it('refuses a revision for a stream that does not exist', async () => {
      await expect(store.append(stream('e'), [newEvent('A', {})], 0)).rejects.toMatchObject({
        actual: 'no_stream',
      });
    });
  });

  describe('reading', () => {
    it('reads a stream in revision order with type, data, metadata and position', async () => {
      const s = stream('f');
      const result = await store.append(s, [newEvent('A', { i: 0 }), newEvent('B', { i: 1 })], NO_STREAM);
      const events = await store.readStream(s);
      expect(events.map((e) => [e.revision, e.type, e.data])).toEqual([
        [0, 'A', { i: 0 }],
        [1, 'B', { i: 1 }],
      ]);
      expect(events[1].position).toBe(result.position);
      expect(events[0].position < events[1].position).toBe(true);
      expect(events[0].metadata.actor.businessId).toBe('12345678');
    });

    it('reads an unknown stream as empty', async () => {
      expect(await store.readStream(stream('none'))).toEqual([]);
    });

    it('reads all events in global order, after a position, in pages', async () => {
      const start = await store.headPosition();
      for (let i = 0; i < 6; i++) await store.append(stream(i % 2 ? 'odd' : 'even'), [newEvent('N', { i })], 'any');
      const all = ours(await store.readAll({ after: start, limit: 1000 }));
      expect(all.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5]);
      const positions = all.map((e) => e.position);
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      const rest = ours(await store.readAll({ after: all[2].position }));
      expect(rest.map((e) => (e.data as { i: number }).i)).toEqual([3, 4, 5]);
      const page = await store.readAll({ after: start, limit: 2 });
      expect(page).toHaveLength(2);
      expect(await store.headPosition()).toBe(all[5].position);
    });
  });

  describe('subscription', () => {
    it('catches up, then follows live appends with no gap and no duplicate', async () => {
      const s = stream('sub');
      const start = await store.headPosition();
      for (let i = 0; i < 5; i++) await store.append(s, [newEvent('N', { i })], 'any');
      const controller = new AbortController();
      const seen: number[] = [];
      const consumer = (async () => {
        for await (const event of store.subscribe({ after: start, signal: controller.signal })) {
          if (!event.stream.startsWith(prefix)) continue;
          seen.push((event.data as { i: number }).i);
          if (seen.length === 10) controller.abort();
        }
      })();
      // Live appends race the catch-up read: the subscription must still deliver each once.
      await Promise.all([5, 6, 7, 8, 9].map((i) => store.append(stream(`live${i}`), [newEvent('N', { i })], 'any')));
      await within(10_000, consumer, 'subscription');
      expect(seen.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
      expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });

  describe('concurrency', () => {
    it('lets exactly one of many concurrent writers win each revision', async () => {
      const s = stream('race');
      await store.append(s, [newEvent('Opened', {})], NO_STREAM);
      for (let round = 0; round < 5; round++) {
        const [{ revision }] = (await store.readStream(s)).slice(-1);
        const attempts = await Promise.allSettled(
          Array.from({ length: 20 }, (_, writer) => store.append(s, [newEvent('Wrote', { round, writer })], revision)),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a) => a.status === 'rejected') as PromiseRejectedResult[];
        expect(won).toHaveLength(1);
        expect(lost.every((a) => a.reason instanceof WrongExpectedRevisionError)).toBe(true);
      }
      const events = await store.readStream(s);
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(verifyChain(s, events)).toBeNull();
    });

    it('refuses a loser only once it can read what it lost to, so a command decided again sees it', async () => {
      const s = stream('retry');
      await store.append(s, [newEvent('Opened', {})], NO_STREAM);
      const seenByLosers: number[] = [];
      const attempts = Array.from({ length: 5 }, (_, writer) =>
        store.append(s, [newEvent('Wrote', { writer })], 0).catch(async (error) => {
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          seenByLosers.push((await store.readStream(s)).length);
        }),
      );
      await Promise.all(attempts);
      expect(seenByLosers).toHaveLength(4);
      expect(seenByLosers.every((length) => length === 2)).toBe(true);
    });

    it('gives concurrent appends expecting any revision distinct, gapless revisions (case numbers rely on it)', async () => {
      const s = stream('sequence');
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.append(s, [newEvent('NumberAllocated', { i })], 'any')));
      expect(results.map((r) => r.nextRevision).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
      expect(verifyChain(s, await store.readStream(s))).toBeNull();
    });
  });

  describe('payloads', () => {
    it('keeps large and unicode payloads intact and their hash chain valid', async () => {
      const s = stream('big');
      const large = { text: '戰略性高科技貨品 🚢 '.repeat(30_000), nested: { list: Array.from({ length: 500 }, (_, i) => i) } };
      const unicode = { name: '台積電股份有限公司', emoji: '✅🇹🇼', escaped: 'quote " back\\slash \u0000 nul' };
      await store.append(s, [newEvent('Large', large), newEvent('Unicode', unicode)], NO_STREAM);
      const [first, second] = await store.readStream(s);
      expect(first.data).toEqual(large);
      expect(second.data).toEqual(unicode);
      expect(verifyChain(s, [first, second])).toBeNull();
      expect(second.metadata.prevHash).toBe(first.metadata.hash);
    });
  });

  describe('integrity reads', () => {
    it('reads the log as stored, in position order and in pages, as the same events readAll gives', async () => {
      const start = await store.headPosition();
      for (let i = 0; i < 5; i++) await store.append(stream(i % 2 ? 'x' : 'y'), [newEvent('N', { i, text: '台灣 "quoted"' })], 'any');
      const read = ours(await store.readAll({ after: start }));
      const stored = (await store.readAllStored({ after: start, limit: 1000 })).filter((e) => e.stream.startsWith(prefix));
      expect(stored.map((e) => [e.stream, e.revision, e.position, e.type])).toEqual(read.map((e) => [e.stream, e.revision, e.position, e.type]));
      expect(stored.map((e) => JSON.parse(e.data))).toEqual(read.map((e) => e.data));
      expect(stored.map((e) => JSON.parse(e.metadata))).toEqual(read.map((e) => e.metadata));
      const firstTwo = await store.readAllStored({ after: start, limit: 2 });
      expect(firstTwo).toHaveLength(2);
      const next = await store.readAllStored({ after: firstTwo[1].position, limit: 1 });
      expect(next[0].position > firstTwo[1].position).toBe(true);
    });

    it('reads a stream as stored, in revision order from a revision, in pages', async () => {
      const s = stream('pages');
      await store.append(s, ['A', 'B', 'C', 'D', 'E'].map((type) => newEvent(type, { type })), NO_STREAM);
      const page = await store.readStreamStored(s, { fromRevision: 1, limit: 3 });
      expect(page.map((e) => [e.revision, e.type, JSON.parse(e.data)])).toEqual([
        [1, 'B', { type: 'B' }],
        [2, 'C', { type: 'C' }],
        [3, 'D', { type: 'D' }],
      ]);
      expect(page.every((e) => e.stream === s)).toBe(true);
      expect(await store.readStreamStored(s, { fromRevision: 5 })).toEqual([]);
      expect(await store.readStreamStored(stream('none'))).toEqual([]);
    });

    it("records each stream's head: the revision and hash of its last event", async () => {
      const s = stream('head');
      expect(await store.readHead(s)).toBeUndefined();
      await store.append(s, [newEvent('A', {}), newEvent('B', {})], NO_STREAM);
      await store.append(s, [newEvent('C', {})], 1);
      const last = (await store.readStream(s))[2];
      expect(await store.readHead(s)).toEqual({ stream: s, revision: 2, hash: last.metadata.hash });
      const other = stream('head2');
      await store.append(other, [newEvent('A', {})], NO_STREAM);
      const heads: StreamHead[] = [];
      for await (const head of store.streamHeads()) if (head.stream.startsWith(prefix)) heads.push(head);
      expect(heads.map((h) => [h.stream, h.revision]).sort()).toEqual([
        [s, 2],
        [other, 0],
      ].sort());
    });

    it('verifies what it wrote, one stream or all, and names no stream it does not have', async () => {
      const s = stream('sound');
      await store.append(s, [newEvent('A', { n: 1 }), newEvent('B', { n: 2 })], NO_STREAM);
      await store.append(s, [newEvent('C', { n: 3 })], 1);
      await store.append(stream('sound2'), [newEvent('A', {})], NO_STREAM);
      const one = await verifyIntegrity(store, { stream: s, pageSize: 2 });
      expect(one).toMatchObject({ valid: true, streams: 1, events: 3, broken: [] });
      const all = await verifyIntegrity(store, { pageSize: 3 });
      expect(all.broken.filter((b) => b.stream.startsWith(prefix))).toEqual([]);
      expect(all.streams).toBeGreaterThanOrEqual(2);
      expect(all.position).toBe(await store.headPosition());
      expect(await verifyIntegrity(store, { stream: stream('none') })).toMatchObject({ valid: true, streams: 0, events: 0 });
    });
  });
}
