import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
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
  ReadStreamStoredOptions,
  StoredRecord,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port';
import { ignore, jittered, sleep } from './eventstoredb-async';
import {
  allPosition,
  answerMayHaveBeenLost,
  appendRevisionFor,
  checkExpectedRevision,
  isStreamNotFound,
  isSystemEvent,
  isWrongExpectedVersion,
  positionOf,
  positionOrUndefined,
  readPositionAfter,
  requirePosition,
  backoffDelay,
  toClientExpectedRevision,
  toRecordedEvent,
  toStoredRecord,
  toWrongExpectedRevisionError,
} from './eventstoredb-mapping';
import { subscribeToAllResubscribing } from './eventstoredb-subscription';

// The pure mappings were first exported from here, for unit tests; they stay importable from here.
export {
  allPosition,
  answerMayHaveBeenLost,
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
  backoffDelay,
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
   * How many times an append whose caller expected 'any' or 'stream_exists' is tried when a writer
   * in another process moved the stream between our read of its last event and our append
   * (default 100), and for how long (appendRetryBudgetMs, default 5 s), whichever ends first.
   */
  maxAppendAttempts?: number;
  appendRetryBudgetMs?: number;
  /**
   * How long an append whose answer was lost is resent (default 15 s, at least one resend): long
   * enough to outlast a leader election. See "Lost answers".
   */
  lostAnswerBudgetMs?: number;
  /** A reachability probe that has not answered within this time fails (default 2 s). */
  pingTimeoutMs?: number;
  /** First delay before resubscribing after a dropped subscription (default 100 ms). */
  resubscribeMinDelayMs?: number;
  /** The delay doubles per consecutive failure up to this bound (default 5 s). */
  resubscribeMaxDelayMs?: number;
  /** Events per request when paging through $all (default 512). */
  readPageSize?: number;
  /**
   * A bounded read (a page, a stream, the tail an append reads) that has not finished within this
   * time fails (default 10 s): the client's own default is no deadline, so a server that stops
   * answering would hang the command. Subscriptions have none: they follow for ever.
   */
  readDeadlineMs?: number;
}

/** The production event store: EventStoreDB (or KurrentDB) over gRPC. */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly maxAppendAttempts: number;
  private readonly appendRetryBudgetMs: number;
  private readonly lostAnswerBudgetMs: number;
  private readonly pingTimeoutMs: number;
  private readonly resubscribeMinDelayMs: number;
  private readonly resubscribeMaxDelayMs: number;
  private readonly readPageSize: number;
  private readonly readDeadlineMs: number;
  /** Aborted by close(): wakes subscriptions that are waiting to resubscribe. */
  private readonly lifetime = new AbortController();
  private readonly liveSubscriptions = new Set<{ destroy(): void }>();
  /** Appends in flight: close() waits for them, so that a committed append is never reported as failed. */
  private readonly appending = new Set<Promise<unknown>>();
  /** Per stream being appended to, the settling of the last append queued for it. */
  private readonly appendsInStreamOrder = new Map<string, Promise<void>>();
  private closed = false;

  /**
   * @param connection a connection string such as `esdb://localhost:2113?tls=false`
   *   (credentials, TLS and node preference go in the string), or a client to use as it is.
   */
  constructor(connection: string | EventStoreDBClient, options: EventStoreDbEventStoreOptions = {}) {
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.maxAppendAttempts = Math.max(1, options.maxAppendAttempts ?? 100);
    this.appendRetryBudgetMs = options.appendRetryBudgetMs ?? 5_000;
    this.lostAnswerBudgetMs = options.lostAnswerBudgetMs ?? 15_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 2_000;
    this.resubscribeMinDelayMs = options.resubscribeMinDelayMs ?? 100;
    this.resubscribeMaxDelayMs = options.resubscribeMaxDelayMs ?? 5_000;
    this.readPageSize = Math.max(2, options.readPageSize ?? 512);
    this.readDeadlineMs = options.readDeadlineMs ?? 10_000;
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
   *   so a conflict there only means a concurrent writer won the race: read again, seal again and
   *   retry, with exponential backoff and jitter, within appendRetryBudgetMs.
   * Appends to one stream from this process are sent one after another (appendsInStreamOrder):
   * concurrent writers in one process would otherwise race each other through the read-seal-append
   * round trips and mostly lose (case numbering appends 'any' to one stream from every request), so
   * only writers in other processes are left to race.
   */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('Nothing to append');
    toClientExpectedRevision(expected); // validates a numeric revision before any I/O
    const appended = this.inStreamOrder(stream, () => this.appendSealed(stream, events, expected));
    this.appending.add(appended);
    try {
      return await appended;
    } finally {
      this.appending.delete(appended);
    }
  }

  /** Runs `work` after every append to `stream` queued before it has settled. */
  private inStreamOrder<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const before = this.appendsInStreamOrder.get(stream);
    const run = before ? before.then(work) : work();
    const settled = run.then(ignore, ignore);
    this.appendsInStreamOrder.set(stream, settled);
    // The last one out removes the stream's queue, so the map holds only streams being written.
    void settled.then(() => {
      if (this.appendsInStreamOrder.get(stream) === settled) this.appendsInStreamOrder.delete(stream);
    });
    return run;
  }

  private async appendSealed(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const retryOnConflict = expected === 'any' || expected === 'stream_exists';
    const giveUpAt = Date.now() + this.appendRetryBudgetMs;
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
        return await this.sendUntilAnswered(stream, proposed, expectedRevision);
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
        if (!retryOnConflict || attempt >= this.maxAppendAttempts || Date.now() >= giveUpAt) {
          throw toWrongExpectedRevisionError(error, stream, expected);
        }
        // A writer in another process appended between our read and our append.
        await sleep(jittered(backoffDelay(attempt - 1, 2, 250)));
      }
    }
  }

  /*
   * Lost answers
   * ------------
   * An append that failed with a deadline, an unavailable server or a leader that stepped down may
   * have been committed all the same (answerMayHaveBeenLost). Deciding again would append a second
   * copy (or burn a case number), so the identical events are resent: the same ids, the same
   * expected revision, not re-read and not re-sealed. The server recognises events it already holds
   * at that revision by their ids and answers success without writing them again; if they never
   * landed, the resend is the write. A conflict then means they never landed and someone else
   * wrote: it is handled like any other conflict. Resends back off (an election takes seconds) and
   * stop after lostAnswerBudgetMs, at least one being sent.
   */
  private async sendUntilAnswered(
    stream: string,
    proposed: ReturnType<typeof jsonEvent>[],
    expectedRevision: AppendExpectedRevision,
  ): Promise<AppendResult> {
    let giveUpAt: number | undefined;
    for (let resend = 0; ; resend++) {
      try {
        const result = await this.client.appendToStream(stream, proposed, { expectedRevision });
        // A client built with throwOnAppendFailure=false (in EVENTSTORE_URL) answers a conflict
        // with success: false instead of throwing: it is the conflict it is, never a write. (Its
        // nextExpectedRevision is then unreliable in 6.2.1: a retry re-reads the tail.)
        if (!result.success) {
          throw new WrongExpectedVersionError(undefined, { streamName: stream, expected: expectedRevision, current: result.nextExpectedRevision });
        }
        const nextRevision = Number(result.nextExpectedRevision);
        const position =
          positionOrUndefined(result.position) ?? (await this.positionOfRevision(stream, nextRevision));
        return { nextRevision, position };
      } catch (error) {
        if (!answerMayHaveBeenLost(error)) throw error;
        giveUpAt ??= Date.now() + this.lostAnswerBudgetMs;
        if (resend > 0 && Date.now() >= giveUpAt) throw error;
        await sleep(jittered(backoffDelay(resend, 50, 2_000)));
      }
    }
  }

  /** The stream's last event: its revision and hash, or undefined for a stream that does not exist. */
  private async readTail(stream: string): Promise<{ revision: number; hash: string } | undefined> {
    // From the leader, so that a lagging follower cannot hand us a stale tail.
    const last = await this.readLast(stream, true);
    if (!last) return undefined;
    const metadata = last.metadata as Partial<EventMetadata> | undefined;
    if (typeof metadata?.hash !== 'string') {
      throw new Error(
        `Stream ${stream}: event ${last.revision} carries no hash; refusing to extend a stream that is not a hash chain`,
      );
    }
    return { revision: Number(last.revision), hash: metadata.hash };
  }

  /** A backwards read of one event from the end: the server resolves the end through its stream index. */
  private async readLast(stream: string, requiresLeader: boolean) {
    try {
      const [last] = await this.collect(
        this.client.readStream(stream, { deadline: this.readDeadlineMs, direction: BACKWARDS, fromRevision: END, maxCount: 1, requiresLeader }),
      );
      return last?.event;
    } catch (error) {
      if (isStreamNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Fallback for a server that did not report the append's position: read the event back. */
  private async positionOfRevision(stream: string, revision: number): Promise<bigint> {
    const [resolved] = await this.collect(
      this.client.readStream(stream, { deadline: this.readDeadlineMs, fromRevision: BigInt(revision), maxCount: 1, requiresLeader: true }),
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
          deadline: this.readDeadlineMs,
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
        this.client.readAll({ deadline: this.readDeadlineMs, direction, fromPosition, maxCount: this.readPageSize }),
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

  async readAllStored(options: ReadAllOptions = {}): Promise<StoredRecord[]> {
    this.assertOpen();
    const limit = options.limit ?? 1000;
    const records: StoredRecord[] = [];
    if (limit <= 0) return records;
    for await (const { event, position } of this.scanAll(FORWARDS, options.after)) {
      if (isSystemEvent(event.streamId, event.type)) continue;
      records.push(toStoredRecord(event, position));
      if (records.length >= limit) break;
    }
    return records;
  }

  async readStreamStored(stream: string, options: ReadStreamStoredOptions = {}): Promise<StoredRecord[]> {
    this.assertOpen();
    const from = options.fromRevision ?? 0;
    if (!Number.isSafeInteger(from) || from < 0) throw new RangeError(`Not a revision: ${from}`);
    let resolved;
    try {
      resolved = await this.collect(this.client.readStream(stream, { deadline: this.readDeadlineMs, fromRevision: BigInt(from), maxCount: options.limit ?? 1000 }));
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    const records: StoredRecord[] = [];
    for (const { event } of resolved) {
      if (event) records.push(toStoredRecord(event, requirePosition(event.position, stream, event.revision)));
    }
    return records;
  }

  /*
   * Heads
   * -----
   * EventStoreDB keeps no head a client writes: the server itself records each stream's last event
   * number in its stream index (index files apart from the chunks that hold the events), checks
   * every append's expected revision against it, and resolves a backwards read from END through
   * it. That read, of one event, is the head: its revision, and the hash that event carries. The
   * server cannot drop a stream's last events (it is append-only; scavenging after $tb, $maxCount
   * or $maxAge removes events from a stream's start and keeps its last), so a shorter end means
   * records lost behind the server's back; the index still names the last event, the read of it
   * comes back empty, and the stream has no head to vouch for its end (HEAD_MISSING at the first
   * revision after what is left). The in-memory model (testing/in-memory-server.ts) keeps its
   * stream index apart from its log in the same way.
   */
  async readHead(stream: string): Promise<StreamHead | undefined> {
    this.assertOpen();
    const last = await this.readLast(stream, false);
    if (!last) return undefined;
    const hash = (last.metadata as Partial<EventMetadata> | undefined)?.hash;
    return { stream, revision: Number(last.revision), hash: typeof hash === 'string' ? hash : '' };
  }

  /*
   * Stream names come from a forward scan of $all, each non-system stream once, in order of its
   * first event, then its head is read. The `$streams` system projection would be cheaper to read,
   * but it exists only where the server runs the standard projections (off by default,
   * `--run-projections` and `--start-standard-projections`), and it is written asynchronously, so
   * it can lag behind the log; an integrity check must not silently miss a stream, so it reads the
   * log itself. Memory grows with the number of streams (one string each).
   */
  async *streamHeads(): AsyncIterable<StreamHead> {
    this.assertOpen();
    const seen = new Set<string>();
    for await (const { event } of this.scanAll(FORWARDS)) {
      if (isSystemEvent(event.streamId, event.type) || seen.has(event.streamId)) continue;
      seen.add(event.streamId);
      const head = await this.readHead(event.streamId);
      if (head) yield head;
    }
  }

  /**
   * Reads the newest record of $all (one record, no matter how large the store). An unreachable
   * server fails in milliseconds (connection refused, UNAVAILABLE); a server that accepts the
   * connection but does not answer fails after pingTimeoutMs.
   */
  async ping(): Promise<void> {
    this.assertOpen();
    const read = this.client.readAll({ deadline: this.readDeadlineMs, direction: BACKWARDS, fromPosition: END, maxCount: 1 });
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
    // dispose() ends the client's shared append stream: let what is in flight be answered first.
    await Promise.allSettled([...this.appending]);
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
