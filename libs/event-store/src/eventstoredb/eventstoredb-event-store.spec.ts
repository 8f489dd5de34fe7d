import { createServer } from 'node:net';
import { START } from '@eventstore/db-client';
import { eventStoreContract } from '../../../../test/contract/event-store.contract';
import { newEvent, within } from '@shtc/testing';
import { sealEvent } from '../envelope';
import { verifyChain } from '../integrity';
import { WrongExpectedRevisionError } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEsdbClient, overFake } from './testing/in-memory-server';

describe('EventStoreDbEventStore over an in-memory model of the server', () => {
  describe('contract', () => {
    // One model server for the whole contract, as a shared real server would be.
    const fake = new FakeEsdbClient();
    eventStoreContract(async () => overFake(fake));
  });

  it("re-reads and retries an 'any' append that lost a race, keeping the hash chain", async () => {
    const fake = new FakeEsdbClient();
    const store = overFake(fake);
    await store.append('case-r', [newEvent('A', {})], 'no_stream');
    fake.beforeAppend = (stream) => {
      fake.beforeAppend = undefined;
      // Another writer appends a properly sealed event between our read and our append.
      const tail = fake.log.filter((r) => r.streamId === stream).slice(-1)[0];
      const sealed = sealEvent((tail.metadata as { hash: string }).hash, newEvent('Concurrent', {}));
      fake.write(stream, [{ id: sealed.metadata.eventId, type: sealed.type, data: {}, metadata: sealed.metadata as never }]);
    };
    const result = await store.append('case-r', [newEvent('B', {})], 'any');
    const events = await store.readStream('case-r');
    expect(events.map((e) => e.type)).toEqual(['A', 'Concurrent', 'B']);
    expect(result).toEqual({ nextRevision: 2, position: events[2].position });
    expect(verifyChain('case-r', events)).toBeNull();
    await store.close();
  });

  it('never reports a write for an append the client answered with success: false (throwOnAppendFailure=false, issue 15 item 3)', async () => {
    const fake = new FakeEsdbClient();
    fake.answerFailureAsResult = true;
    const store = overFake(fake);
    await store.append('case-f', [newEvent('A', {})], 'no_stream');
    // An exact expectation that does not hold is the 409 it is, and nothing is written.
    await expect(store.append('case-f', [newEvent('B', {})], 0 + 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    // 'any' that loses a race to another writer re-reads and lands after it, as with a throwing client.
    fake.beforeAppend = (stream) => {
      fake.beforeAppend = undefined;
      const tail = fake.log.filter((r) => r.streamId === stream).slice(-1)[0];
      const sealed = sealEvent((tail.metadata as { hash: string }).hash, newEvent('Concurrent', {}));
      fake.write(stream, [{ id: sealed.metadata.eventId, type: sealed.type, data: {}, metadata: sealed.metadata as never }]);
    };
    expect(await store.append('case-f', [newEvent('C', {})], 'any')).toMatchObject({ nextRevision: 2 });
    const events = await store.readStream('case-f');
    expect(events.map((e) => e.type)).toEqual(['A', 'Concurrent', 'C']);
    expect(verifyChain('case-f', events)).toBeNull();
    await store.close();
  });

  it('answers the appends in flight before close() disposes the client (issue 15 item 5)', async () => {
    const fake = new FakeEsdbClient();
    fake.appendLatencyMs = 20;
    const store = overFake(fake);
    const inFlight = [store.append('case-c1', [newEvent('A', {})], 'no_stream'), store.append('case-c2', [newEvent('A', {})], 'any')];
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.close();
    // Both were committed and both are reported so; the client was disposed only after them.
    await expect(Promise.all(inFlight)).resolves.toEqual([expect.objectContaining({ nextRevision: 0 }), expect.objectContaining({ nextRevision: 0 })]);
    expect(fake.disposed).toBe(true);
    expect(fake.log.filter((r) => r.streamId.startsWith('case-c')).length).toBe(2);
    await expect(store.append('case-c3', [newEvent('A', {})], 'any')).rejects.toThrow(/closed/);
  });

  it('fails a read, and an append whose tail read, when the server stops answering: every bounded read has a deadline (issue 15 item 4)', async () => {
    const fake = new FakeEsdbClient();
    const store = overFake(fake, { readDeadlineMs: 50 });
    await store.append('case-d', [newEvent('A', {})], 'no_stream');
    fake.hangReads = true;
    const started = Date.now();
    await expect(store.readStream('case-d')).rejects.toThrow(/DEADLINE_EXCEEDED/);
    await expect(store.append('case-d', [newEvent('B', {})], 'any')).rejects.toThrow(/DEADLINE_EXCEEDED/);
    await expect(store.readAll({ after: 0n, limit: 10 })).rejects.toThrow(/DEADLINE_EXCEEDED/);
    expect(Date.now() - started).toBeLessThan(2_000);
    fake.hangReads = false;
    expect((await store.readStream('case-d')).map((e) => e.type)).toEqual(['A']);
    await store.close();
  });

  describe('appends under contention (issue 15 item 1)', () => {
    const concurrently = (store: EventStoreDbEventStore, stream: string, n: number, tag: string) =>
      Promise.all(Array.from({ length: n }, (_, i) => store.append(stream, [newEvent('Numbered', { by: `${tag}${i}` })], 'any')));

    it("takes 50 concurrent 'any' appends to one stream with 1–5 ms round trips: all succeed, gapless, one chain", async () => {
      const fake = new FakeEsdbClient();
      fake.roundTripMs = [1, 5];
      const store = overFake(fake);
      const results = await concurrently(store, 'case-numbers', 50, 'a');
      expect(results.map((r) => r.nextRevision).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      const events = await store.readStream('case-numbers');
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(new Set(events.map((e) => (e.data as { by: string }).by)).size).toBe(50);
      expect(verifyChain('case-numbers', events)).toBeNull();
      // Sent in stream order, nothing raced inside the process: one append call each.
      expect(fake.appendCalls).toBe(50);
      await store.close();
    });

    it('backs off and retries against writers in another process until every append lands', async () => {
      const fake = new FakeEsdbClient();
      fake.roundTripMs = [1, 5];
      const [one, other] = [overFake(fake), overFake(fake)];
      const results = await Promise.all([concurrently(one, 'case-numbers', 25, 'one'), concurrently(other, 'case-numbers', 25, 'other')]);
      expect(results.flat()).toHaveLength(50);
      const events = await one.readStream('case-numbers');
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(verifyChain('case-numbers', events)).toBeNull();
      await Promise.all([one.close(), other.close()]);
    });
  });

  describe('appends whose answer was lost (issue 15 item 2)', () => {
    it('resends the identical events after a lost answer: the write that landed is not made twice', async () => {
      const fake = new FakeEsdbClient();
      const store = overFake(fake);
      fake.loseAnswers = 1;
      const first = await store.append('case-l', [newEvent('A', {}), newEvent('B', {})], 'no_stream');
      fake.loseAnswers = 1;
      const second = await store.append('case-l', [newEvent('C', {})], 'any');
      const events = await store.readStream('case-l');
      expect(events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      expect(first).toEqual({ nextRevision: 1, position: events[1].position });
      expect(second).toEqual({ nextRevision: 2, position: events[2].position });
      expect(verifyChain('case-l', events)).toBeNull();
      expect(fake.appendCalls).toBe(4); // each sent twice
      await store.close();
    });

    it('recognises its own events on resend even when another writer appended after them', async () => {
      const fake = new FakeEsdbClient();
      const store = overFake(fake);
      await store.append('case-m', [newEvent('A', {})], 'no_stream');
      fake.loseAnswers = 1;
      let calls = 0;
      fake.beforeAppend = (stream) => {
        if (++calls !== 2) return;
        // Our append landed; before the resend, another process extends the stream.
        const tail = fake.log.filter((r) => r.streamId === stream).slice(-1)[0];
        const sealed = sealEvent((tail.metadata as { hash: string }).hash, newEvent('Later', {}));
        fake.write(stream, [{ id: sealed.metadata.eventId, type: sealed.type, data: {}, metadata: sealed.metadata as never }]);
      };
      expect(await store.append('case-m', [newEvent('B', {})], 0)).toMatchObject({ nextRevision: 1 });
      expect((await store.readStream('case-m')).map((e) => e.type)).toEqual(['A', 'B', 'Later']);
      await store.close();
    });

    it("sends again an append that never arrived; if another writer took its place, 'any' re-seals and a number is refused", async () => {
      const fake = new FakeEsdbClient();
      const store = overFake(fake);
      fake.failBeforeWrite = 1;
      await store.append('case-u', [newEvent('A', {})], 'no_stream');
      expect((await store.readStream('case-u')).map((e) => e.type)).toEqual(['A']);

      const slipIn = () => {
        let calls = 0;
        fake.beforeAppend = (stream) => {
          if (++calls !== 1) return;
          const tail = fake.log.filter((r) => r.streamId === stream).slice(-1)[0];
          const sealed = sealEvent((tail.metadata as { hash: string }).hash, newEvent('Other', {}));
          fake.write(stream, [{ id: sealed.metadata.eventId, type: sealed.type, data: {}, metadata: sealed.metadata as never }]);
        };
      };
      fake.failBeforeWrite = 1;
      slipIn();
      await expect(store.append('case-u', [newEvent('B', {})], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      fake.failBeforeWrite = 1;
      slipIn();
      expect(await store.append('case-u', [newEvent('C', {})], 'any')).toMatchObject({ nextRevision: 3 });
      const events = await store.readStream('case-u');
      expect(events.map((e) => e.type)).toEqual(['A', 'Other', 'Other', 'C']);
      expect(verifyChain('case-u', events)).toBeNull();
      await store.close();
    });

    it('gives up resending after lostAnswerBudgetMs and reports the failure', async () => {
      const fake = new FakeEsdbClient();
      const store = overFake(fake, { lostAnswerBudgetMs: 150 });
      fake.failBeforeWrite = 1_000;
      await expect(store.append('case-g', [newEvent('A', {})], 'no_stream')).rejects.toMatchObject({ type: 'unavailable' });
      expect(fake.appendCalls).toBeGreaterThan(1);
      expect(fake.appendCalls).toBeLessThan(10);
      fake.failBeforeWrite = 0;
      // The queue of the stream is not left blocked by the failure.
      expect(await store.append('case-g', [newEvent('A', {})], 'no_stream')).toMatchObject({ nextRevision: 0 });
      await store.close();
    });
  });

  it('gives up after maxAppendAttempts and reports the conflict', async () => {
    const fake = new FakeEsdbClient();
    const store = overFake(fake, { maxAppendAttempts: 3 });
    await store.append('case-x', [newEvent('A', {})], 'no_stream');
    let raced = 0;
    fake.beforeAppend = (stream) => {
      raced += 1;
      fake.write(stream, [{ id: crypto.randomUUID(), type: 'Other', data: {}, metadata: { hash: `h${raced}` } }]);
    };
    await expect(store.append('case-x', [newEvent('B', {})], 'stream_exists')).rejects.toMatchObject({
      name: 'WrongExpectedRevisionError',
      expected: 'stream_exists',
    });
    expect(raced).toBe(3);
    await store.close();
  });

  it('does not retry a numeric expectation that lost a race', async () => {
    const fake = new FakeEsdbClient();
    const store = overFake(fake);
    await store.append('case-n', [newEvent('A', {})], 'no_stream');
    let raced = 0;
    fake.beforeAppend = (stream) => {
      raced += 1;
      fake.write(stream, [{ id: crypto.randomUUID(), type: 'Other', data: {}, metadata: { hash: 'h' } }]);
    };
    await expect(store.append('case-n', [newEvent('B', {})], 0)).rejects.toMatchObject({
      name: 'WrongExpectedRevisionError',
      expected: 0,
      actual: 1,
    });
    expect(raced).toBe(1);
    await store.close();
  });

  it('refuses to extend a stream whose last event carries no hash', async () => {
    const fake = new FakeEsdbClient();
    fake.write('case-foreign', [{ id: crypto.randomUUID(), type: 'X', data: {}, metadata: {} }]);
    const store = overFake(fake);
    await expect(store.append('case-foreign', [newEvent('A', {})], 'any')).rejects.toThrow(/no hash/);
    await store.close();
  });

  it.each([false, true])(
    'resubscribes from the last delivered position after a drop: no gap, no duplicate (inclusive server: %s)',
    async (inclusive) => {
      const fake = new FakeEsdbClient();
      fake.inclusiveSubscriptions = inclusive;
      const store = overFake(fake);
      for (let i = 0; i < 3; i++) await store.append(`case-${i}`, [newEvent('N', { i })], 'no_stream');
      const controller = new AbortController();
      const seen: number[] = [];
      const consumer = (async () => {
        for await (const event of store.subscribe({ signal: controller.signal })) {
          seen.push((event.data as { i: number }).i);
          if (seen.length === 3) fake.dropSubscriptions();
          if (seen.length === 5) fake.dropSubscriptions();
          if (seen.length === 8) controller.abort();
        }
      })();
      await within(2_000, (async () => { while (seen.length < 3) await new Promise((r) => setTimeout(r, 5)); })(), 'first events');
      for (let i = 3; i < 8; i++) await store.append(`case-${i}`, [newEvent('N', { i })], 'no_stream');
      await within(5_000, consumer, 'subscription');
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // Resubscriptions started strictly after a delivered event, not from the start.
      expect(fake.subscribeCalls.length).toBeGreaterThanOrEqual(3);
      expect(fake.subscribeCalls.slice(1).every((p) => p !== START)).toBe(true);
      expect(fake.liveSubscriptions).toBe(0);
      await store.close();
    },
  );

  it('stops cleanly when aborted while waiting for events, and when the store closes', async () => {
    const fake = new FakeEsdbClient();
    const store = overFake(fake);
    const controller = new AbortController();
    const idle = (async () => {
      for await (const _ of store.subscribe({ signal: controller.signal })) void _;
    })();
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.liveSubscriptions).toBe(1);
    controller.abort();
    await within(1_000, idle, 'aborted subscription');
    expect(fake.liveSubscriptions).toBe(0);

    const open = (async () => {
      for await (const _ of store.subscribe({})) void _;
    })();
    await new Promise((r) => setTimeout(r, 20));
    await store.close();
    await within(1_000, open, 'subscription of a closed store');
    expect(fake.disposed).toBe(true);
  });

  it('skips system events in readAll, headPosition and streamHeads, and gives each stream\'s head once', async () => {
    const fake = new FakeEsdbClient();
    const store = overFake(fake);
    await store.append('case-1', [newEvent('A', {}), newEvent('B', {})], 'no_stream');
    await store.append('licence-1', [newEvent('C', {})], 'no_stream');
    await store.append('case-1', [newEvent('D', {})], 1);
    const all = await store.readAll();
    expect(all.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
    expect(new Set(all.map((e) => e.position)).size).toBe(4);
    // The newest record is a `$>` link in `$ce-case`: the head is the newest event of ours.
    expect(fake.log[fake.log.length - 1].streamId).toBe('$ce-case');
    expect(await store.headPosition()).toBe(all[3].position);
    const heads: Array<[string, number]> = [];
    for await (const head of store.streamHeads()) heads.push([head.stream, head.revision]);
    expect(heads).toEqual([['case-1', 2], ['licence-1', 0]]);
    await store.close();
  });

  it('reads a revision range of a stream', async () => {
    const fake = new FakeEsdbClient();
    const store = overFake(fake);
    await store.append('case-1', ['A', 'B', 'C', 'D'].map((t) => newEvent(t, {})), 'no_stream');
    const range = await store.readStream('case-1', { fromRevision: 1, toRevision: 2 });
    expect(range.map((e) => [e.revision, e.type])).toEqual([
      [1, 'B'],
      [2, 'C'],
    ]);
    expect(await store.readStream('case-1', { fromRevision: 3, toRevision: 2 })).toEqual([]);
    expect(await store.headPosition()).toBe((await store.readStream('case-1')).slice(-1)[0].position);
    expect(await overFake(new FakeEsdbClient()).headPosition()).toBe(0n);
    await store.close();
  });
});

describe('EventStoreDbEventStore with no server listening', () => {
  /** A loopback port that nothing listens on (bound, then released). */
  async function refusedUrl(): Promise<string> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return `esdb://127.0.0.1:${port}?tls=false`;
  }

  it('constructs from a connection string without connecting, and ping fails fast', async () => {
    const store = new EventStoreDbEventStore(await refusedUrl());
    const started = Date.now();
    await expect(store.ping()).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    await store.close();
    await store.close(); // idempotent
    await expect(store.append('case-1', [newEvent('A', {})], 'any')).rejects.toThrow(/closed/);
  });

  it('keeps resubscribing while the server is unreachable, and stops when aborted', async () => {
    const store = new EventStoreDbEventStore(await refusedUrl(), { resubscribeMinDelayMs: 10, resubscribeMaxDelayMs: 40 });
    const controller = new AbortController();
    const received: unknown[] = [];
    const consumer = (async () => {
      for await (const event of store.subscribe({ after: 0n, signal: controller.signal })) received.push(event);
    })();
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await within(2_000, consumer, 'subscription');
    expect(received).toEqual([]);
    await store.close();
  });
});
