import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  AccessDeniedError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type JSONEventData,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import { eventStoreContract } from '../../../../test/contract/event-store.contract';
import { newEvent, within } from '@shtc/testing';
import { sealEvent } from '../envelope';
import { verifyChain } from '../integrity';
import { WrongExpectedRevisionError, type ExpectedRevision } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import {
  allPosition,
  appendRevisionFor,
  checkExpectedRevision,
  fromCurrentRevision,
  isRetriable,
  isStreamNotFound,
  isSystemEvent,
  isWrongExpectedVersion,
  positionOrUndefined,
  readPositionAfter,
  resubscribeDelay,
  toClientExpectedRevision,
  toRecordedEvent,
  toWrongExpectedRevisionError,
} from './eventstoredb-mapping';

describe('EventStoreDB adapter mappings', () => {
  it('maps each expected-revision form to the client', () => {
    expect(toClientExpectedRevision('any')).toBe(ANY);
    expect(toClientExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toClientExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toClientExpectedRevision(0)).toBe(0n);
    expect(toClientExpectedRevision(41)).toBe(41n);
    expect(() => toClientExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toClientExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('appends with exactly the revision it read', () => {
    expect(appendRevisionFor('no_stream')).toBe(NO_STREAM);
    expect(appendRevisionFor(7)).toBe(7n);
  });

  it('checks an expectation against the revision read, as the SQLite adapter does', () => {
    const ok: Array<[ExpectedRevision, number | 'no_stream']> = [
      ['any', 'no_stream'],
      ['any', 3],
      ['no_stream', 'no_stream'],
      ['stream_exists', 0],
      [2, 2],
    ];
    for (const [expected, current] of ok) expect(() => checkExpectedRevision('s', expected, current)).not.toThrow();
    const refused: Array<[ExpectedRevision, number | 'no_stream']> = [
      ['no_stream', 0],
      ['stream_exists', 'no_stream'],
      [0, 'no_stream'],
      [1, 2],
    ];
    for (const [expected, current] of refused) {
      let caught: unknown;
      try {
        checkExpectedRevision('s', expected, current);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(WrongExpectedRevisionError);
      expect(caught).toMatchObject({ stream: 's', expected, actual: current });
    }
  });

  it("maps the client's WrongExpectedVersionError to ours", () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 'case-1', expected: 1n, current: 2n });
    expect(isWrongExpectedVersion(conflict)).toBe(true);
    const ours = toWrongExpectedRevisionError(conflict, 'case-1', 1);
    expect(ours).toBeInstanceOf(WrongExpectedRevisionError);
    expect(ours).toMatchObject({ name: 'WrongExpectedRevisionError', stream: 'case-1', expected: 1, actual: 2 });

    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'account-1',
      expected: STREAM_EXISTS,
      current: 'no_stream',
    });
    expect(toWrongExpectedRevisionError(missing, 'account-1', 'stream_exists').actual).toBe('no_stream');
    expect(fromCurrentRevision(-1n)).toBe('no_stream');
    expect(fromCurrentRevision(undefined)).toBe('no_stream');
    expect(fromCurrentRevision(0n)).toBe(0);
    expect(isWrongExpectedVersion(new Error('other'))).toBe(false);
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'case-1'))).toBe(true);
    expect(isStreamNotFound(new Error('x'))).toBe(false);
  });

  it('uses the commit position as the port position, and nothing for an absent one', () => {
    expect(positionOrUndefined({ commit: 1234n, prepare: 1234n })).toBe(1234n);
    expect(positionOrUndefined(undefined)).toBeUndefined();
    expect(positionOrUndefined({ commit: (1n << 64n) - 1n, prepare: (1n << 64n) - 1n })).toBeUndefined();
    expect(positionOrUndefined({ commit: -1n, prepare: -1n })).toBeUndefined();
  });

  it('resumes strictly after a stored position from {commit: p, prepare: p}, or from the start', () => {
    expect(readPositionAfter(undefined)).toBe(START);
    expect(readPositionAfter(0n)).toBe(START);
    expect(readPositionAfter(987n)).toEqual({ commit: 987n, prepare: 987n });
    expect(allPosition(5n)).toEqual({ commit: 5n, prepare: 5n });
  });

  it('filters system streams and system event types', () => {
    expect(isSystemEvent('$ce-case', '$>')).toBe(true);
    expect(isSystemEvent('$$case-1', '$metadata')).toBe(true);
    expect(isSystemEvent('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(true);
    expect(isSystemEvent('case-1', '$>')).toBe(true);
    expect(isSystemEvent('case-1', 'CaseOpened')).toBe(false);
  });

  it('backs off from 100 ms doubling to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((n) => resubscribeDelay(n))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });

  it('resubscribes after transport failures, not after refusals', () => {
    expect(isRetriable(new UnavailableError(undefined, 'down'))).toBe(true);
    expect(isRetriable(Object.assign(new Error('grpc'), { code: 14 }))).toBe(true);
    expect(isRetriable(new AccessDeniedError())).toBe(false);
    expect(isRetriable(new TypeError('bug'))).toBe(false);
  });

  it('converts a recorded event, decoding bytes of events not flagged as JSON', () => {
    const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value)));
    const event = toRecordedEvent(
      { streamId: 'case-1', revision: 3n, type: 'A', data: bytes({ a: 1 }), metadata: bytes({ hash: 'h' }), isJson: false },
      99n,
    );
    expect(event).toEqual({ stream: 'case-1', revision: 3, position: 99n, type: 'A', data: { a: 1 }, metadata: { hash: 'h' } });
  });
});

// ---------------------------------------------------------------------------------------------
// An in-memory stand-in for the client, with the server behaviour the adapter relies on (see the
// "Positions" comment in the adapter): every event of an append has its own log position, reported
// as {commit: L, prepare: L}; $all reads are inclusive of their start position, subscriptions
// exclusive; stream reads carry positions; the projections subsystem writes `$>` links into
// `$ce-…` streams after each event. It lets the contract and the failure paths run without a
// server; it is a model, so the real server is still exercised by test/contract when
// EVENTSTORE_URL is set.

interface FakeRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  isJson: true;
  created: Date;
  position: Position;
}

type Readout = PassThrough & { cancel(): Promise<void>; unsubscribe(): Promise<void> };

class FakeEsdbClient {
  readonly log: FakeRecord[] = [];
  private nextPosition = 1000n;
  private readonly subscriptions = new Set<{ stream: Readout; next: number }>();
  /** Runs before an append is applied: lets a test slip in a concurrent writer. */
  beforeAppend?: (stream: string) => void;
  subscribeCalls: ReadPosition[] = [];
  /** Behave like a server treating a subscription's start as inclusive (the adapter must cope). */
  inclusiveSubscriptions = false;
  disposed = false;

  constructor(private readonly linkEvents = true) {}

  async appendToStream(stream: string, events: JSONEventData[], options: { expectedRevision: AppendExpectedRevision }) {
    await Promise.resolve();
    this.beforeAppend?.(stream);
    const current = this.revisionOf(stream);
    const expected = options.expectedRevision;
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === undefined) ||
      (expected === STREAM_EXISTS && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, { streamName: stream, expected, current: current ?? 'no_stream' });
    }
    return this.write(stream, events);
  }

  /** Appends without any check, as another process would. */
  write(stream: string, events: Array<Pick<JSONEventData, 'id' | 'type' | 'data' | 'metadata'>>) {
    let revision = this.revisionOf(stream) ?? -1n;
    let position = 0n;
    for (const event of events) {
      revision += 1n;
      position = this.push(stream, revision, event);
    }
    if (this.linkEvents && !stream.startsWith('$')) {
      const category = `$ce-${stream.split('-')[0]}`;
      const links = events.map((e) => ({ id: e.id, type: '$>', data: `${revision}@${stream}`, metadata: {} }));
      let linkRevision = this.revisionOf(category) ?? -1n;
      for (const link of links) this.push(category, ++linkRevision, link);
    }
    this.pump();
    return { success: true, nextExpectedRevision: revision, position: { commit: position, prepare: position } };
  }

  private push(streamId: string, revision: bigint, event: Pick<JSONEventData, 'id' | 'type' | 'data' | 'metadata'>) {
    const position = this.nextPosition;
    this.nextPosition += 100n + BigInt(JSON.stringify(event.data).length);
    this.log.push({
      streamId,
      id: event.id,
      revision,
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)),
      metadata: JSON.parse(JSON.stringify(event.metadata ?? {})),
      isJson: true,
      created: new Date(),
      position: { commit: position, prepare: position },
    });
    return position;
  }

  private revisionOf(stream: string): bigint | undefined {
    let revision: bigint | undefined;
    for (const r of this.log) if (r.streamId === stream) revision = r.revision;
    return revision;
  }

  readStream(
    stream: string,
    options: { direction?: string; fromRevision?: bigint | typeof START | typeof END; maxCount?: number | bigint } = {},
  ) {
    const records = this.log.filter((r) => r.streamId === stream);
    if (records.length === 0) return readout([], new StreamNotFoundError(undefined, stream));
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    let selected: FakeRecord[];
    if (options.direction === BACKWARDS) {
      const from = options.fromRevision === undefined || options.fromRevision === END ? undefined : options.fromRevision;
      selected = records.filter((r) => from === undefined || from === START || r.revision <= from).reverse();
    } else {
      const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : 0n;
      selected = records.filter((r) => r.revision >= from);
    }
    return readout(selected.slice(0, max).map((event) => ({ event, commitPosition: event.position.commit })));
  }

  readAll(options: { direction?: string; fromPosition?: ReadPosition; maxCount?: number | bigint } = {}) {
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? (options.direction === BACKWARDS ? END : START);
    let selected: FakeRecord[];
    if (options.direction === BACKWARDS) {
      selected = this.log.filter((r) => from === END || (from !== START && r.position.commit < from.commit)).reverse();
    } else {
      selected = this.log.filter((r) => from === START || (from !== END && r.position.commit >= from.commit));
    }
    return readout(selected.slice(0, max).map((event) => ({ event, commitPosition: event.position.commit })));
  }

  subscribeToAll(options: { fromPosition?: ReadPosition } = {}) {
    const from = options.fromPosition ?? START;
    this.subscribeCalls.push(from);
    const stream = readout();
    let next = 0;
    if (from === END) next = this.log.length;
    else if (from !== START) {
      next = this.log.findIndex((r) =>
        this.inclusiveSubscriptions ? r.position.commit >= from.commit : r.position.commit > from.commit,
      );
      if (next < 0) next = this.log.length;
    }
    const entry = { stream, next };
    this.subscriptions.add(entry);
    stream.unsubscribe = async () => {
      this.subscriptions.delete(entry);
      if (!stream.destroyed) stream.end();
    };
    stream.on('close', () => this.subscriptions.delete(entry));
    setImmediate(() => this.pump());
    return stream;
  }

  private pump(): void {
    for (const entry of this.subscriptions) {
      if (entry.stream.destroyed || entry.stream.writableEnded) continue;
      while (entry.next < this.log.length) {
        const event = this.log[entry.next++];
        entry.stream.write({ event, commitPosition: event.position.commit });
      }
    }
  }

  /** Drops every live subscription as a failing server would. */
  dropSubscriptions(): void {
    for (const entry of [...this.subscriptions]) {
      this.subscriptions.delete(entry);
      entry.stream.destroy(new UnavailableError(undefined, 'connection lost'));
    }
  }

  get liveSubscriptions(): number {
    return this.subscriptions.size;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const entry of this.subscriptions) entry.stream.end();
  }
}

function readout(items?: unknown[], error?: Error): Readout {
  const stream = new PassThrough({ objectMode: true }) as Readout;
  stream.cancel = async () => {
    stream.destroy();
  };
  stream.unsubscribe = stream.cancel;
  if (items || error) {
    setImmediate(() => {
      if (error) return stream.destroy(error);
      for (const item of items ?? []) stream.write(item);
      stream.end();
    });
  }
  return stream;
}

const overFake = (fake: FakeEsdbClient, options = {}) =>
  new EventStoreDbEventStore(fake as unknown as EventStoreDBClient, {
    resubscribeMinDelayMs: 5,
    resubscribeMaxDelayMs: 20,
    readPageSize: 4, // small pages, so paging over $all is exercised
    ...options,
  });

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

  it('skips system events in readAll, headPosition and listStreams, and lists each stream once', async () => {
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
    const streams: string[] = [];
    for await (const name of store.listStreams()) streams.push(name);
    expect(streams).toEqual(['case-1', 'licence-1']);
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
