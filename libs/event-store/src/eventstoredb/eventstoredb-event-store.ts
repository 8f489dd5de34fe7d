import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  isCommandError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Direction,
  type JSONType,
  type Position,
  type ReadPosition,
  type StreamingRead,
} from '@eventstore/db-client';
import { GENESIS_HASH, sealEvent, type EventMetadata, type RecordedEvent } from '../envelope';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type SubscribeOptions,
} from '../event-store.port';

/*
 * Positions
 * ---------
 * EventStoreDB addresses a record in $all with a pair {commit, prepare}. Every append made through
 * the gRPC API (the only kind this adapter makes, and since v24 the only kind a server accepts) is
 * an *implicit* transaction: each event is one prepare record flagged "committed", and the server's
 * $all reader reports such an event at {commit: L, prepare: L}, L being the event's own log
 * position — for every event of a multi-event append, not only the last (AllReader:
 * `new CommitEventRecord(eventRecord, prepare.LogPosition)` for commit-alike prepares). So the
 * commit position is unique per event and strictly increasing in $all order, and it is what this
 * adapter exposes as the port's bigint position. The prepare position is not used: servers before
 * 20.6.1 reported the transaction's first position as the prepare position of every event of a
 * batch (EventStore-Client-Dotnet#20), so it is neither unique there nor needed here.
 * Events written in *explicit* transactions (the retired TCP API) share one commit position; a
 * store holding such legacy events is not supported by this adapter.
 *
 * The append response carries the commit position of the append's last event (the server answers
 * with the log position of the prepare flagged TransactionEnd), which is therefore the `position`
 * of our AppendResult; when a server omits it, the last event is read back. Stream reads carry the
 * $all position of each event since server 22.6 (KurrentDB#3459); older servers are refused with a
 * clear error rather than given a made-up position.
 *
 * Resuming from a stored bigint p (exclusive): a $all *read* from {commit: p, prepare: p} is
 * inclusive (it starts with the event at p), a $all *subscription* from the same position is
 * exclusive (it starts after it). Both are handled the same way: start at {p, p} and drop every
 * event whose position is <= p. p = 0n (or omitted) starts at START: the log opens with the
 * server's own records, so no user event sits at position 0.
 *
 * System events (types starting with `$`, e.g. `$>` links and `$metadata`) and events of system
 * streams (names starting with `$`, e.g. `$ce-case`, `$$case-1`, `$projections-…`) are not part of
 * this application's log and are filtered out of readAll, subscribe, headPosition and listStreams.
 */

/** The largest value a server uses for "no position" (ulong.MaxValue, i.e. -1 as unsigned). */
const NO_POSITION = (1n << 64n) - 1n;

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
      // (legacy explicit transactions, see "Positions"): stop rather than loop forever.
      if (!progressed) throw new Error(`$all paging made no progress at position ${boundary}`);
      fromPosition = allPosition(boundary);
    }
  }

  /*
   * Subscribing
   * -----------
   * A catch-up subscription to $all from the last delivered position. When it drops (server
   * restart, leader change, network), it is opened again from the last position seen after a delay
   * of 100 ms doubling to 5 s; the delay starts over once a subscription delivers again. Events at
   * or before the last position are dropped, so a resubscription neither loses nor repeats one.
   * Errors that retrying cannot cure (access denied, invalid argument, unsupported) end the
   * iteration with that error. Aborting the signal, or closing the store, unsubscribes and ends
   * the iteration.
   */
  async *subscribe(options: SubscribeOptions = {}): AsyncGenerator<RecordedEvent> {
    this.assertOpen();
    const { signal } = options;
    let last = options.after;
    let failures = 0;
    const stopped = () => Boolean(signal?.aborted) || this.closed;
    while (!stopped()) {
      const subscription = this.client.subscribeToAll({ fromPosition: readPositionAfter(last) });
      const openedAt = Date.now();
      const stop = () => {
        subscription.unsubscribe().catch(ignore);
        subscription.destroy();
      };
      signal?.addEventListener('abort', stop, { once: true });
      this.liveSubscriptions.add(subscription);
      let failure: unknown;
      try {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          const event = resolved.event;
          if (!event) continue;
          const position = positionOf(event.position);
          if (last !== undefined && position <= last) continue;
          // System events advance the resume point too: they are never delivered anyway.
          last = position;
          failures = 0;
          if (isSystemEvent(event.streamId, event.type)) continue;
          yield toRecordedEvent(event, position);
          if (stopped()) return;
        }
      } catch (error) {
        failure = error;
      } finally {
        signal?.removeEventListener('abort', stop);
        this.liveSubscriptions.delete(subscription);
        // A cancelled gRPC call may still report an error: nobody listens any more.
        subscription.on('error', ignore);
        await subscription.unsubscribe().catch(ignore);
        subscription.destroy();
      }
      if (stopped()) return;
      if (failure !== undefined && !isRetriable(failure)) throw failure;
      // A subscription that stayed up longer than the longest delay counts as healthy.
      if (Date.now() - openedAt > this.resubscribeMaxDelayMs) failures = 0;
      await sleep(
        resubscribeDelay(failures++, this.resubscribeMinDelayMs, this.resubscribeMaxDelayMs),
        signal,
        this.lifetime.signal,
      );
    }
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

// ---------------------------------------------------------------------------------------------
// Pure mappings, exported for unit tests.

/** Our expected revision in the client's terms (what the caller would send if sent as is). */
export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new RangeError(`Not an expected revision: ${String(expected)}`);
      }
      return BigInt(expected);
  }
}

/** The exact expectation sent with an append: the revision we read, or no stream. */
export function appendRevisionFor(current: number | 'no_stream'): AppendExpectedRevision {
  return current === 'no_stream' ? NO_STREAM : BigInt(current);
}

/** Throws our error, as the SQLite adapter does, when `expected` does not hold for `current`. */
export function checkExpectedRevision(
  stream: string,
  expected: ExpectedRevision,
  current: number | 'no_stream',
): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === 'no_stream') ||
    (expected === 'stream_exists' && current !== 'no_stream') ||
    (typeof expected === 'number' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, current);
}

/** The client's current revision as ours: a number, or 'no_stream' (also for -1 from old servers). */
export function fromCurrentRevision(current: CurrentRevision | undefined): number | 'no_stream' {
  if (typeof current !== 'bigint' || current < 0n) return 'no_stream';
  return Number(current);
}

export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return (
    error instanceof WrongExpectedVersionError ||
    (error instanceof Error && (error as { type?: unknown }).type === ErrorType.WRONG_EXPECTED_VERSION)
  );
}

/** The client's conflict as our error; `expected` is what our caller asked for. */
export function toWrongExpectedRevisionError(
  error: WrongExpectedVersionError,
  stream: string,
  expected: ExpectedRevision,
): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(stream, expected, fromCurrentRevision(error.actualVersion));
}

export function isStreamNotFound(error: unknown): boolean {
  return (
    error instanceof StreamNotFoundError ||
    (error instanceof Error && (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND)
  );
}

/** The port's position of a $all position (see "Positions" above), or undefined when absent. */
export function positionOrUndefined(position: Position | undefined): bigint | undefined {
  if (!position) return undefined;
  const { commit } = position;
  if (typeof commit !== 'bigint' || commit < 0n || commit >= NO_POSITION) return undefined;
  return commit;
}

export function positionOf(position: Position | undefined): bigint {
  const value = positionOrUndefined(position);
  if (value === undefined) throw new Error('EventStoreDB returned an event without a $all position');
  return value;
}

function requirePosition(position: Position | undefined, stream: string, revision: bigint): bigint {
  const value = positionOrUndefined(position);
  if (value === undefined) {
    throw new Error(
      `Stream ${stream}: event ${revision} came without its $all position; EventStoreDB 22.6 or later is required`,
    );
  }
  return value;
}

/** The $all position of a port position: both halves equal (implicit transactions, see above). */
export function allPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** Where to start reading or subscribing to get the events strictly after `after`. */
export function readPositionAfter(after: bigint | undefined): ReadPosition {
  return after === undefined || after <= 0n ? START : allPosition(after);
}

/** System streams (`$…`, including metadata streams `$$…`) and system event types (`$…`). */
export function isSystemEvent(stream: string, type: string): boolean {
  return stream.startsWith('$') || type.startsWith('$');
}

/** Delay before resubscription number `failures` (0-based): min, doubling, capped at max. */
export function resubscribeDelay(failures: number, minMs = 100, maxMs = 5_000): number {
  return Math.min(maxMs, minMs * 2 ** Math.min(Math.max(0, failures), 30));
}

/** Whether resubscribing may cure a dropped subscription (transport and server-side failures). */
export function isRetriable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) {
    return ![ErrorType.ACCESS_DENIED, ErrorType.INVALID_ARGUMENT, ErrorType.UNSUPPORTED].includes(error.type);
  }
  // A gRPC status that the client did not convert (it has a numeric code).
  return typeof (error as { code?: unknown }).code === 'number';
}

interface ClientRecordedEvent {
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  isJson: boolean;
}

export function toRecordedEvent(event: ClientRecordedEvent, position: bigint): RecordedEvent {
  return {
    stream: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    data: event.isJson ? event.data : decodeJson(event.data),
    metadata: (event.metadata instanceof Uint8Array ? decodeJson(event.metadata) : event.metadata) as EventMetadata,
  };
}

/** Bytes of an event not flagged as JSON: JSON when they parse as such, else the text. */
function decodeJson(value: unknown): unknown {
  if (!(value instanceof Uint8Array)) return value;
  const text = Buffer.from(value).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------

function ignore(): void {}

/** Resolves after `ms`, or at once when any of the signals aborts. */
function sleep(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
  return new Promise((resolve) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    if (live.some((s) => s.aborted)) return resolve();
    const done = () => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of live) s.addEventListener('abort', done, { once: true });
  });
}
