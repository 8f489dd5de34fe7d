import type { EventMetadata, RecordedEvent, StreamEvent } from './envelope';

/** DI token for the event store adapter chosen by configuration. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * What the writer expects of a stream before appending (Emmett's constants):
 * a revision number (the revision of the stream's last event), or one of the markers.
 */
export type ExpectedRevision = number | 'any' | 'no_stream' | 'stream_exists';
export const ANY: ExpectedRevision = 'any';
export const NO_STREAM: ExpectedRevision = 'no_stream';
export const STREAM_EXISTS: ExpectedRevision = 'stream_exists';

/** An event a command wants to append; the store adds the revision, position and hash. */
export interface NewEvent<E extends StreamEvent = StreamEvent> {
  type: E['type'];
  data: E['data'];
  metadata: Omit<EventMetadata, 'prevHash' | 'hash'>;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (first event is 0). */
  nextRevision: number;
  /** Global position of the last appended event. */
  position: bigint;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this global position. Omitted: from the start. */
  after?: bigint;
  limit?: number;
  /**
   * A single pass through history (a rebuild): nobody else reads these pages, so an adapter
   * that keeps recent events for its other readers need not keep them.
   */
  bulk?: boolean;
}

export interface ReadStreamStoredOptions {
  /** Inclusive; 0 when omitted. */
  fromRevision?: number;
  limit?: number;
}

/**
 * An event as the store keeps it, for integrity checks: data and metadata as JSON text that
 * nothing has parsed (or cached) on the way. `data` is the text the hash was computed over where
 * the store keeps it (SQLite stores the canonical JSON it hashed); a store that hands back parsed
 * JSON gives the canonical JSON of that.
 */
export interface StoredRecord {
  stream: string;
  revision: number;
  position: bigint;
  type: string;
  data: string;
  metadata: string;
}

/**
 * A stream's head as the store records it apart from the stream's events: the revision and hash
 * of its last event. An integrity check compares it with the last event it finds, which is how a
 * stream truncated at its end differs from a short stream.
 */
export interface StreamHead {
  stream: string;
  revision: number;
  hash: string;
}

export interface SubscribeOptions {
  /** Exclusive, as for readAll. */
  after?: bigint;
  signal?: AbortSignal;
}

/**
 * The event store port. Adapters: `sqlite/` (embedded default) and `eventstoredb/` (production).
 * Both pass `test/contract/event-store.contract.ts`.
 */
export interface EventStore {
  /** Appends atomically; throws {@link WrongExpectedRevisionError} when `expected` does not hold. */
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Every event of a stream in revision order; an empty array for a stream that does not exist. */
  readStream(stream: string, options?: { fromRevision?: number; toRevision?: number }): Promise<RecordedEvent[]>;
  /** One page of the global log, in position order (system events excluded). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up from `after`, then follows live appends: no gap, no duplicate, until aborted. */
  subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** Position of the newest event, or 0n for an empty store. */
  headPosition(): Promise<bigint>;
  /** For integrity checks: one page of the log as stored, in position order (system events excluded). */
  readAllStored(options?: ReadAllOptions): Promise<StoredRecord[]>;
  /** For integrity checks: one page of a stream as stored, in revision order; empty past its end or for no stream. */
  readStreamStored(stream: string, options?: ReadStreamStoredOptions): Promise<StoredRecord[]>;
  /** The stream's recorded head; undefined when the store records none (no such stream). */
  readHead(stream: string): Promise<StreamHead | undefined>;
  /** The recorded head of every stream, each once, read in pages. */
  streamHeads(): AsyncIterable<StreamHead>;
  /** Cheap reachability probe for /health/ready. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Positions travel as zero-padded decimal strings wherever they are stored or compared as text. */
export const POSITION_WIDTH = 20;
export function formatPosition(position: bigint): string {
  return position.toString().padStart(POSITION_WIDTH, '0');
}
