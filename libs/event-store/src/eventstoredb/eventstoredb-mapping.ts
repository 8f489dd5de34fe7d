import {
  ANY,
  ErrorType,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  isCommandError,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import { canonicalJson, type EventMetadata, type RecordedEvent } from '../envelope';
import { WrongExpectedRevisionError, type ExpectedRevision, type StoredRecord } from '../event-store.port';

/*
 * Pure mappings between the port's terms and the EventStoreDB client's, used by the adapter
 * (eventstoredb-event-store.ts) and its subscription loop (eventstoredb-subscription.ts), and
 * unit-tested without a server.
 *
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
 * this application's log and are filtered out of readAll, readAllStored, subscribe, headPosition and streamHeads.
 */

/** The largest value a server uses for "no position" (ulong.MaxValue, i.e. -1 as unsigned). */
const NO_POSITION = (1n << 64n) - 1n;

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

/** The $all position a stream read must carry (servers before 22.6 omit it, see "Positions"). */
export function requirePosition(position: Position | undefined, stream: string, revision: bigint): bigint {
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

/** Delay before retry number `failures` (0-based: a resubscription, a resend): min, doubling, capped at max. */
export function backoffDelay(failures: number, minMs = 100, maxMs = 5_000): number {
  return Math.min(maxMs, minMs * 2 ** Math.min(Math.max(0, failures), 30));
}

/**
 * Whether an append that failed so may nonetheless have been committed: the request reached a
 * server (or may have) but its answer did not come back. A deadline that passed, a connection
 * lost mid-call, or a node that stepped down as leader while forwarding all leave the write's fate
 * unknown; only resending the identical events, which the server recognises by their ids, settles
 * it (see "Lost answers" in eventstoredb-event-store.ts).
 */
export function answerMayHaveBeenLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) {
    return [ErrorType.DEADLINE_EXCEEDED, ErrorType.UNAVAILABLE, ErrorType.NOT_LEADER, ErrorType.TIMEOUT].includes(error.type);
  }
  // gRPC DEADLINE_EXCEEDED (4) or UNAVAILABLE (14) that the client did not convert.
  const code = (error as { code?: unknown }).code;
  return code === 4 || code === 14;
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

/**
 * An event for an integrity check. The server hands back JSON the client parsed, not the text the
 * hash was computed over, so the data is given as its canonical JSON: the text the chain seals.
 */
export function toStoredRecord(event: ClientRecordedEvent, position: bigint): StoredRecord {
  const recorded = toRecordedEvent(event, position);
  return {
    stream: recorded.stream,
    revision: recorded.revision,
    position,
    type: recorded.type,
    data: canonicalJson(recorded.data),
    metadata: JSON.stringify(recorded.metadata ?? null),
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
