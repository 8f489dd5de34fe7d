import { GENESIS_HASH, canonicalJson, chainHash, type EventMetadata, type RecordedEvent } from '../envelope';
import type { StoredRecord } from '../event-store.port';

/**
 * Why a stream's chain does not hold at its first broken revision:
 * - HASH_MISMATCH: the event does not hash to the hash recorded with it (it was edited);
 * - PREV_HASH_MISMATCH: it does not chain onto the event before it (one was removed and the rest
 *   renumbered, inserted, or two were swapped);
 * - REVISION_GAP: a revision is missing (an event was deleted);
 * - OUT_OF_ORDER: the log holds a revision after a later one, or twice (revision numbers swapped);
 * - UNREADABLE: stored text that is not JSON, or metadata without its hashes;
 * - TRUNCATED: the events end before the stream's recorded head (its last events were deleted);
 * - BEYOND_HEAD: events after the recorded head (written around the store);
 * - HEAD_MISMATCH: the last event is not the one the head records;
 * - HEAD_MISSING: the store records no head for the stream, so its end cannot be vouched for.
 */
export type BreakReason =
  | 'HASH_MISMATCH'
  | 'PREV_HASH_MISMATCH'
  | 'REVISION_GAP'
  | 'OUT_OF_ORDER'
  | 'UNREADABLE'
  | 'TRUNCATED'
  | 'BEYOND_HEAD'
  | 'HEAD_MISMATCH'
  | 'HEAD_MISSING';

export interface ChainBreak {
  stream: string;
  /** The first revision that cannot be trusted. */
  revision: number;
  reason: BreakReason;
  /** One sentence for the auditor. */
  message: string;
  /** Log position of the event found there, when one was. */
  position?: bigint;
}

type Checked = { hash: string } | { reason: BreakReason; message: string };

/**
 * One stream's hash chain as it is read, one event at a time, in the stream's order: only where
 * it stands (revision, hash, position) is kept, never its events. The first break is kept; the
 * events after it are counted, not checked.
 */
export class StreamChain {
  /** Revision of the last event that held (-1 before the first). */
  revision = -1;
  /** Hash of that event: what the next one's prevHash must be. */
  hash = GENESIS_HASH;
  /** Events read, whether they held or not. */
  events = 0;
  broken: ChainBreak | null = null;
  private position = -1n;

  constructor(readonly stream: string) {}

  /** Checks the stream's next event; returns the break it is, when it is the stream's first. */
  accept(record: Omit<StoredRecord, 'stream'>): ChainBreak | null {
    this.events += 1;
    if (this.broken) return null;
    const expected = this.revision + 1;
    if (record.revision > expected) {
      return this.fail(expected, 'REVISION_GAP', `revision ${expected} is missing: revision ${record.revision} comes next`, record.position);
    }
    if (record.revision < expected || record.position <= this.position) {
      return this.fail(expected, 'OUT_OF_ORDER', `expected revision ${expected} next and read revision ${record.revision}: the log's order is not the stream's`, record.position);
    }
    const checked = checkLink(record, this.hash);
    if ('reason' in checked) return this.fail(record.revision, checked.reason, `revision ${record.revision} ${checked.message}`, record.position);
    this.revision = record.revision;
    this.hash = checked.hash;
    this.position = record.position;
    return null;
  }

  /** Records the stream's first break (a head check's, or the chain's own). */
  fail(revision: number, reason: BreakReason, message: string, position?: bigint): ChainBreak {
    this.broken = { stream: this.stream, revision, reason, message, ...(position === undefined ? {} : { position }) };
    return this.broken;
  }
}

/** Whether a stored event chains onto `prevHash` and hashes to its own recorded hash. */
function checkLink(record: Pick<StoredRecord, 'type' | 'data' | 'metadata'>, prevHash: string): Checked {
  let metadata: unknown;
  try {
    metadata = JSON.parse(record.metadata);
  } catch {
    return { reason: 'UNREADABLE', message: 'has metadata that is not JSON' };
  }
  if (metadata === null || typeof metadata !== 'object') return { reason: 'UNREADABLE', message: 'has metadata that is not an object' };
  const fields = metadata as Partial<EventMetadata>;
  const { hash, prevHash: linkedTo } = fields;
  if (typeof hash !== 'string' || typeof linkedTo !== 'string') {
    return { reason: 'UNREADABLE', message: 'carries no prevHash and hash in its metadata' };
  }
  if (linkedTo !== prevHash) {
    return { reason: 'PREV_HASH_MISMATCH', message: 'does not chain onto the event before it: an event was removed, inserted or moved there' };
  }
  // The metadata without its hash, as sealed: canonical JSON leaves out undefined members, and
  // this keeps the parsed object's shape (no copy per event, which a million events feel).
  fields.hash = undefined;
  const sealed = fields as Omit<EventMetadata, 'hash'>;
  // The fast path hashes the stored text as it is: what the SQLite store hashed when it sealed.
  if (chainHash(prevHash, record.type, record.data, sealed) === hash) return { hash };
  // The same data may be stored as other text (the SQLite store kept JSON.stringify's text before it
  // kept the canonical text it hashes, fd1ca27): the chain seals the value, so compare that.
  let canonical: string;
  try {
    canonical = canonicalJson(JSON.parse(record.data));
  } catch {
    return { reason: 'UNREADABLE', message: 'has data that is not JSON' };
  }
  if (canonical !== record.data && chainHash(prevHash, record.type, canonical, sealed) === hash) return { hash };
  return { reason: 'HASH_MISMATCH', message: 'does not hash to the hash recorded with it: it was changed after it was written' };
}

/** An event as read (parsed) in the form the chain checks: its data as canonical JSON. */
export function asStored(event: RecordedEvent): StoredRecord {
  return {
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data: canonicalJson(event.data),
    metadata: JSON.stringify(event.metadata),
  };
}

/** The first break of a stream's events as read (tests check what an adapter wrote); null when it holds. */
export function verifyChain(stream: string, events: RecordedEvent[]): ChainBreak | null {
  const chain = new StreamChain(stream);
  for (const event of events) {
    const broken = chain.accept(asStored(event));
    if (broken) return broken;
  }
  return null;
}
