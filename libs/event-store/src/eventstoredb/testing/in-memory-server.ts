import { PassThrough } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type JSONEventData,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import { EventStoreDbEventStore } from '../eventstoredb-event-store';

// An in-memory stand-in for the client, with the server behaviour the adapter relies on (see the
// "Positions" comment in the adapter): every event of an append has its own log position, reported
// as {commit: L, prepare: L}; $all reads are inclusive of their start position, subscriptions
// exclusive; stream reads carry positions; the projections subsystem writes `$>` links into
// `$ce-…` streams after each event; each stream's last event number is kept in a stream index
// apart from the log, which checks appends and resolves backwards reads from END. It lets the contract and the failure paths run without a
// server; it is a model, so the real server is still exercised by test/contract when
// EVENTSTORE_URL is set.

export interface FakeRecord {
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

export class FakeEsdbClient {
  /** The records. A test may remove or change some, as damage behind the server's back would. */
  readonly log: FakeRecord[] = [];
  /** The server's stream index: each stream's last event number, which such damage leaves as it was. */
  private readonly streamIndex = new Map<string, bigint>();
  private nextPosition = 1000n;
  private readonly subscriptions = new Set<{ stream: Readout; next: number }>();
  /** Runs before an append is applied: lets a test slip in a concurrent writer. */
  beforeAppend?: (stream: string) => void;
  subscribeCalls: ReadPosition[] = [];
  /** Behave like a server treating a subscription's start as inclusive (the adapter must cope). */
  inclusiveSubscriptions = false;
  disposed = false;
  /** Answer appends as a client built with `throwOnAppendFailure=false` does after a conflict: `{ success: false }`. */
  answerFailureAsResult = false;
  /** A round trip for appends, in milliseconds: dispose() during it fails the call, as the real client does. */
  appendLatencyMs = 0;
  /** A round trip drawn between these bounds (ms) for every append and stream read, on top of appendLatencyMs. */
  roundTripMs?: [number, number];
  /** The next this-many appends are committed (or found already committed) but their answers are lost: DEADLINE_EXCEEDED. */
  loseAnswers = 0;
  /** The next this-many appends fail UNAVAILABLE before reaching the log (a connection lost on the way). */
  failBeforeWrite = 0;
  /** Appends received, resends included. */
  appendCalls = 0;
  /** A server that stops answering reads: a read never ends unless the caller gave it a deadline. */
  hangReads = false;
  private disposals = 0;

  constructor(private readonly linkEvents = true) {}

  async appendToStream(stream: string, events: JSONEventData[], options: { expectedRevision: AppendExpectedRevision }) {
    // One model may serve several adapters in turn (the contract suite): only a dispose() during
    // this call's round trip cancels it.
    const disposals = this.disposals;
    this.appendCalls += 1;
    await Promise.resolve();
    const latency = this.appendLatencyMs + this.roundTrip();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (this.disposals !== disposals) throw new Error('The client was disposed: the append was cancelled');
    if (this.failBeforeWrite > 0) {
      this.failBeforeWrite -= 1;
      throw new UnavailableError(undefined, 'connection lost before the append was sent');
    }
    const answer = this.applyAppend(stream, events, options.expectedRevision);
    if (this.loseAnswers > 0 && answer.success) {
      this.loseAnswers -= 1;
      throw new DeadlineExceededError();
    }
    return answer;
  }

  private applyAppend(stream: string, events: JSONEventData[], expected: AppendExpectedRevision) {
    this.beforeAppend?.(stream);
    const current = this.revisionOf(stream);
    const idempotent = this.alreadyHeld(stream, events, expected);
    if (idempotent) return idempotent;
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === undefined) ||
      (expected === STREAM_EXISTS && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok && this.answerFailureAsResult) return { success: false, nextExpectedRevision: current ?? -1n, position: undefined };
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, { streamName: stream, expected, current: current ?? 'no_stream' });
    }
    return this.write(stream, events);
  }

  /**
   * The server's idempotency check: events resent at an expected revision the stream has moved past
   * are answered with the original write when the events after that revision carry the same ids.
   */
  private alreadyHeld(stream: string, events: JSONEventData[], expected: AppendExpectedRevision) {
    const after = expected === NO_STREAM ? -1n : typeof expected === 'bigint' ? expected : undefined;
    const current = this.revisionOf(stream);
    if (after === undefined || current === undefined || current <= after) return undefined;
    const held = this.log.filter((r) => r.streamId === stream && r.revision > after && r.revision <= after + BigInt(events.length));
    if (held.length !== events.length || held.some((r, i) => r.id !== events[i].id)) return undefined;
    const last = held[held.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  private roundTrip(): number {
    if (!this.roundTripMs) return 0;
    const [min, max] = this.roundTripMs;
    return min + Math.random() * (max - min);
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
    this.streamIndex.set(streamId, revision);
    return position;
  }

  private revisionOf(stream: string): bigint | undefined {
    return this.streamIndex.get(stream);
  }

  readStream(
    stream: string,
    options: { direction?: string; fromRevision?: bigint | typeof START | typeof END; maxCount?: number | bigint; deadline?: number } = {},
  ) {
    if (this.hangReads) return hanging(options.deadline);
    const last = this.streamIndex.get(stream);
    const latency = this.roundTrip();
    if (last === undefined) return readout([], new StreamNotFoundError(undefined, stream), latency);
    const records = this.log.filter((r) => r.streamId === stream);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    let selected: FakeRecord[];
    if (options.direction === BACKWARDS) {
      // The index gives the range of event numbers to read; records missing from the log are skipped.
      const from = options.fromRevision === undefined || options.fromRevision === END ? last : options.fromRevision === START ? -1n : options.fromRevision;
      selected = records.filter((r) => r.revision <= from && r.revision > from - BigInt(max)).reverse();
    } else {
      const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : 0n;
      selected = records.filter((r) => r.revision >= from);
    }
    return readout(selected.slice(0, max).map((event) => ({ event, commitPosition: event.position.commit })), undefined, latency);
  }

  readAll(options: { direction?: string; fromPosition?: ReadPosition; maxCount?: number | bigint; deadline?: number } = {}) {
    if (this.hangReads) return hanging(options.deadline);
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
    this.disposals += 1;
    for (const entry of this.subscriptions) entry.stream.end();
  }
}

/** A read the server never answers: it fails as gRPC's DEADLINE_EXCEEDED would once its deadline passes, or never ends. */
function hanging(deadlineMs: number | undefined): Readout {
  const stream = readout();
  if (deadlineMs !== undefined) {
    const timer = setTimeout(() => stream.destroy(Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4 })), deadlineMs);
    stream.on('close', () => clearTimeout(timer));
  }
  return stream;
}

/** A read answering `items` (or failing with `error`) after `latencyMs`; the answer is what the log held when asked. */
function readout(items?: unknown[], error?: Error, latencyMs = 0): Readout {
  const stream = new PassThrough({ objectMode: true }) as Readout;
  stream.cancel = async () => {
    stream.destroy();
  };
  stream.unsubscribe = stream.cancel;
  if (items || error) {
    const answer = () => {
      if (error) return stream.destroy(error);
      for (const item of items ?? []) stream.write(item);
      stream.end();
    };
    if (latencyMs > 0) setTimeout(answer, latencyMs);
    else setImmediate(answer);
  }
  return stream;
}

/** The adapter over a model server, with short retry delays and small pages (so paging over $all is exercised). */
export const overFake = (fake: FakeEsdbClient, options = {}) =>
  new EventStoreDbEventStore(fake as unknown as EventStoreDBClient, {
    resubscribeMinDelayMs: 5,
    resubscribeMaxDelayMs: 20,
    readPageSize: 4,
    ...options,
  });
