import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Who did it: every event names its actor (architecture.md item 5). */
export interface Actor {
  accountId: string;
  role: string;
  businessId: string;
}

export interface EventMetadata {
  eventId: string;
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  /** Hash of the previous event in the same stream; empty string for the first. */
  prevHash: string;
  /** sha256(prevHash + canonical JSON of { type, data, metadata without hash }). */
  hash: string;
}

export interface StreamEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

export interface RecordedEvent<E extends StreamEvent = StreamEvent> {
  stream: string;
  revision: number;
  position: bigint;
  type: E['type'];
  data: E['data'];
  metadata: EventMetadata;
}

export const GENESIS_HASH = '';

/** RFC 8785 canonical JSON, so the hash does not depend on key order or number formatting. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Value cannot be serialised canonically');
  return text;
}

export function eventHash(
  prevHash: string,
  event: { type: string; data: unknown; metadata: Omit<EventMetadata, 'hash'> },
): string {
  const { type, data, metadata } = event;
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ type, data, metadata }))
    .digest('hex');
}

/** Seals an event into the chain: sets prevHash and hash on a copy of its metadata. */
export function sealEvent(
  prevHash: string,
  event: { type: string; data: unknown; metadata: Omit<EventMetadata, 'prevHash' | 'hash'> },
): { type: string; data: unknown; metadata: EventMetadata } {
  const unsealed = { ...event.metadata, prevHash };
  const hash = eventHash(prevHash, { type: event.type, data: event.data, metadata: unsealed });
  return { type: event.type, data: event.data, metadata: { ...unsealed, hash } };
}
