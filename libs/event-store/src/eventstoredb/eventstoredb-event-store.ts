import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  type AllStreamResolvedEvent,
  type Direction,
  type JSONType,
  type ReadPosition,
  type StreamingRead,
} from '@eventstore/db-client';
import { GENESIS_HASH, sealEvent, type EventMetadata, type RecordedEvent } from '../envelope';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  SubscribeOptions,
} from '../event-store.port';
import { ignore, sleep } from './eventstoredb-async';
import {
  allPosition,
  appendRevisionFor,
  checkExpectedRevision,
  isStreamNotFound,
  isSystemEvent,
  isWrongExpectedVersion,
  positionOf,
  positionOrUndefined,
  readPositionAfter,
  requirePosition,
  toClientExpectedRevision,
  toRecordedEvent,
  toWrongExpectedRevisionError,
} from './eventstoredb-mapping';
import { subscribeToAllResubscribing } from './eventstoredb-subscription';

// The pure mappings were first exported from here, for unit tests; they stay importable from here.
export {
  allPosition,
  appendRevisionFor,
  checkExpectedRevision,
  fromCurrentRevision,
  isRetriable,
  isStreamNotFound,
  isSystemEvent,
  isWrongExpectedVersion,
  positionOf,
  positionOrUndefined,
  readPositionAfter,
  resubscribeDelay,
  toClientExpectedRevision,
  toRecordedEvent,
  toWrongExpectedRevisionError,
} from './eventstoredb-mapping';

/*
 * The adapter. How it maps the port's positions, revisions and errors onto EventStoreDB's, and
 * which events it treats as system events, is explained in eventstoredb-mapping.ts ("Positions");
 * the resubscribing subscription loop lives in eventstoredb-subscription.ts.
 */

export interface EventStoreDbEventStoreOptions {
  /**
   * How many times an append whose caller expected 'any' or 'stream_exists' is tried when a
   * concurrent writer moved the stream between our read of its last event and our append.
   */
  maxAppendAttempts?: number;
  /** A reachability probe that has not answered within this time fails (default 2 s). */
  pingTimeoutMs?: number;
  /** First delay before resubscribing after a dropped subscription (default 100 ms). */
  resubscribeMinDelayMs?: number;
  /** The delay doubles per consecutive failure up to this bound (default 5 s). */
  resubscribeMaxDelayMs?: number;
  /** Events per request when paging through $all (default 512). */
  readPageSize?: number;
}

/** The production event store: EventStoreDB (or KurrentDB) over gRPC. */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly maxAppendAttempts: number;
  private readonly pingTimeoutMs: number;
  private readonly resubscribeMinDelayMs: number;
  private readonly resubscribeMaxDelayMs: number;
  private readonly readPageSize: number;
  /** Aborted by close(): wakes subscriptions that are waiting to resubscribe. */
  private readonly lifetime = new AbortController();
  private readonly liveSubscriptions = new Set<{ destroy(): void }>();
  private closed = false;

  /**
   * @param connection a connection string such as `esdb://localhost:2113?tls=false`
   *   (credentials, TLS and node preference go in the string), or a client to use as it is.
   */
  constructor(connection: string | EventStoreDBClient, options: EventStoreDbEventStoreOptions = {}) {
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.maxAppendAttempts = Math.max(1, options.maxAppendAttempts ?? 10);
    this.pingTimeoutMs = options.pingTimeoutMs ?? 2_000;
    this.resubscribeMinDelayMs = options.resubscribeMinDelayMs ?? 100;
    this.resubscribeMaxDelayMs = options.resubscribeMaxDelayMs ?? 5_000;
    this.readPageSize = Math.max(2, options.readPageSize ?? 512);
  }

  /*
   * Appending
   * ---------
   * Each event's metadata.prevHash must be the hash of the stream's previous event, so the adapter
   * first reads the stream's last event (backwards, one event, from the leader so a lagging
   * follower cannot hand us a stale tail), seals the events onto that hash, and appends expecting
   * exactly the revision it read (or no stream). The server then refuses the append if anyone
   * wrote in between, which keeps the chain unbroken whatever the caller expected:
   * - a number or 'no_stream' is checked against what was read before anything is sent, and a
   *   conflict at the server is reported to the caller (it asked for exactly that revision);
   * - 'any' and 'stream_exists' are satisfied by whatever we read ('stream_exists' needs a stream),
   *   so a conflict there only means a concurrent writer won the race: read again and retry, up to
   *   maxAppendAttempts times.
   */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('Nothing to append');
    toClientExpectedRevision(expected); // validates a numeric revision before any I/O
    const retryOnConflict = expected === 'any' || expected === 'stream_exists';
    for (let attempt = 1; ; attempt++) {
      const tail = await this.readTail(stream);
      checkExpectedRevision(stream, expected, tail ? tail.revision : 'no_stream');
      let prevHash = tail ? tail.hash : GENESIS_HASH;
      const proposed = events.map((event) => {
        const sealed = sealEvent(prevHash, event);
        prevHash = sealed.metadata.hash;
        return jsonEvent({
          id: sealed.metadata.eventId,
          type: sealed.type,
          data: sealed.data as JSONType,
          metadata: sealed.metadata as unknown as JSONType,
        });
      });
      // After the check, an exact expectation (number, 'no_stream') maps to itself; 'any' and
      // 'stream_exists' are narrowed to the revision just read so the seal cannot go stale.
      const expectedRevision = retryOnConflict
        ? appendRevisionFor(tail ? tail.revision : 'no_stream')
        : toClientExpectedRevision(expected);
      try {
        const result = await this.client.appendToStream(stream, proposed, { expectedRevision });
        const nextRevision = Number(result.nextExpectedRevision);
        const position =
          positionOrUndefined(result.position) ?? (await this.positionOfRevision(stream, nextRevision));
        return { nextRevision, position };
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
        if (!retryOnConflict || attempt >= this.maxAppendAttempts) {
          throw toWrongExpectedRevisionError(error, stream, expected);
        }
        // Someone appended between our read and our append: re-read the tail and seal again.
        await sleep(Math.floor(Math.random() * 5 * attempt));
      }
    }
  }

  /** The stream's last event: its revision and hash, or undefined for a stream that does not exist. */
  private async readTail(stream: string): Promise<{ revision: number; hash: string } | undefined> {
    let last;
    try {
      [last] = await this.collect(
        this.client.readStream(stream, {
          direction: BACKWARDS,
          fromRevision: END,
          maxCount: 1,
          requiresLeader: true,
        }),
      );
    } catch (error) {
      if (isStreamNotFound(error)) return undefined;
      throw error;
    }
    if (!last?.event) return undefined;
    const metadata = last.event.metadata as Partial<EventMetadata> | undefined;
    if (typeof metadata?.hash !== 'string') {
      throw new Error(
        `Stream ${stream}: event ${last.event.revision} carries no hash; refusing to extend a stream that is not a hash chain`,
      );
    }
    return { revision: Number(last.event.revision), hash: metadata.hash };
  }

  /** Fallback for a server that did not report the append's position: read the event back. */
  private async positionOfRevision(stream: string, revision: number): Promise<bigint> {
    const [resolved] = await this.collect(
      this.client.readStream(stream, { fromRevision: BigInt(revision), maxCount: 1, requiresLeader: true }),
    );
    if (!resolved?.event) throw new Error(`Stream ${stream}: appended event ${revision} cannot be read back`);
    return requirePosition(resolved.event.position, stream, resolved.event.revision);
  }

  async readStream(stream: string, options: { fromRevision?: number; toRevision?: number } = {}) {
    this.assertOpen();
    const from = options.fromRevision ?? 0;
    const to = options.toRevision;
    if (!Number.isSafeInteger(from) || from < 0) throw new RangeError(`Not a revision: ${from}`);
    if (to !== undefined && to < from) return [];
    let resolved;
    try {
      resolved = await this.collect(
        this.client.readStream(stream, {
          fromRevision: BigInt(from),
          ...(to === undefined ? {} : { maxCount: to - from + 1 }),
        }),
      );
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    const events: RecordedEvent[] = [];
    for (const { event } of resolved) {
      if (!event) continue;
      events.push(toRecordedEvent(event, requirePosition(event.position, stream, event.revision)));
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.limit ?? 1000;
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    for await (const { event, position } of this.scanAll(FORWARDS, options.after)) {
      if (isSystemEvent(event.streamId, event.type)) continue;
      events.push(toRecordedEvent(event, position));
      if (events.length >= limit) break;
    }
    return events;
  }

  /**
   * Reads $all in bounded pages (each request completes on its own, nothing is left open), from
   * `from` exclusive, forwards or backwards, system events included. Each page restarts at the
   * last position seen and drops what was already seen, so it holds whether the server treats that
   * start position as inclusive or exclusive.
   */
  private async *scanAll(
    direction: Direction,
    from?: bigint,
  ): AsyncGenerator<{ event: NonNullable<AllStreamResolvedEvent['event']>; position: bigint }> {
    let boundary = from;
    let fromPosition: ReadPosition =
      direction === FORWARDS ? readPositionAfter(from) : from === undefined ? END : allPosition(from);
    const seen = (position: bigint) =>
      boundary !== undefined && (direction === FORWARDS ? position <= boundary : position >= boundary);
    for (;;) {
      const page = await this.collect(
        this.client.readAll({ direction, fromPosition, maxCount: this.readPageSize }),
      );
      let progressed = false;
      for (const { event } of page) {
        if (!event) continue;
        const position = positionOf(event.position);
        if (seen(position)) continue;
        boundary = position;
        progressed = true;
        yield { event, position };
      }
      if (page.length < this.readPageSize || boundary === undefined) return;
      // A full page of positions already seen can only come from events sharing one position
      // (legacy explicit transactions, see "Positions" in eventstoredb-mapping.ts): stop rather
      // than loop forever.
      if (!progressed) throw new Error(`$all paging made no progress at position ${boundary}`);
      fromPosition = allPosition(boundary);
    }
  }

  /** A catch-up subscription to $all that resubscribes when dropped (eventstoredb-subscription.ts). */
  async *subscribe(options: SubscribeOptions = {}): AsyncGenerator<RecordedEvent> {
    this.assertOpen();
    yield* subscribeToAllResubscribing(
      {
        client: this.client,
        isClosed: () => this.closed,
        lifetime: this.lifetime.signal,
        liveSubscriptions: this.liveSubscriptions,
        resubscribeMinDelayMs: this.resubscribeMinDelayMs,
        resubscribeMaxDelayMs: this.resubscribeMaxDelayMs,
      },
      options,
    );
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    for await (const { event, position } of this.scanAll(BACKWARDS)) {
      if (!isSystemEvent(event.streamId, event.type)) return position;
    }
    return 0n;
  }

  /*
   * Stream names come from a forward scan of $all, each non-system stream yielded once, in order of
   * its first event. The `$streams` system projection would be cheaper to read, but it exists only
   * where the server runs the standard projections (off by default, `--run-projections` and
   * `--start-standard-projections`), and it is written asynchronously, so it can lag behind the
   * log; an integrity check must not silently miss a stream, so it reads the log itself. Memory
   * grows with the number of streams (one string each), which integrity checks can afford.
   */
  async *listStreams(): AsyncIterable<string> {
    this.assertOpen();
    const seen = new Set<string>();
    for await (const { event } of this.scanAll(FORWARDS)) {
      if (isSystemEvent(event.streamId, event.type) || seen.has(event.streamId)) continue;
      seen.add(event.streamId);
      yield event.streamId;
    }
  }

  /**
   * Reads the newest record of $all (one record, no matter how large the store). An unreachable
   * server fails in milliseconds (connection refused, UNAVAILABLE); a server that accepts the
   * connection but does not answer fails after pingTimeoutMs.
   */
  async ping(): Promise<void> {
    this.assertOpen();
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`EventStoreDB did not answer within ${this.pingTimeoutMs} ms`)),
        this.pingTimeoutMs,
      );
    });
    try {
      const reading = this.collect(read);
      reading.catch(ignore); // when the timeout wins, the read's own failure is of no interest
      await Promise.race([reading, timeout]);
    } finally {
      clearTimeout(timer);
      read.on('error', ignore);
      await read.cancel().catch(ignore);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort();
    for (const subscription of this.liveSubscriptions) subscription.destroy();
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Event store is closed');
  }

  /**
   * Reads a bounded read to its end; on failure, makes sure the gRPC call is cancelled. close()
   * cancels calls in flight, which ends them like a complete answer: such a result is refused.
   */
  private async collect<E>(read: StreamingRead<E>): Promise<E[]> {
    const items: E[] = [];
    try {
      for await (const item of read) items.push(item);
    } catch (error) {
      read.on('error', ignore);
      await read.cancel().catch(ignore);
      throw error;
    }
    this.assertOpen();
    return items;
  }
}
