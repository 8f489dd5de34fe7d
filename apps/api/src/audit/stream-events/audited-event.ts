import { UnreadableEventError, accountCodec, assuranceCodec, caseCodec, licenceCodec, type DomainEvent, type EventCodec } from '@shtc/domain';
import type { EventMetadata, RecordedEvent } from '@shtc/event-store';
import { redact } from '../redaction/secret-fields';

/** The kinds of stream an auditor reads (architecture.md item 4), each with the codec every read path decodes it through. */
export const AUDITED_CODECS: readonly EventCodec<DomainEvent>[] = [caseCodec, licenceCodec, assuranceCodec, accountCodec];

/** The codec of a stream's category, or null for a name that is not `case-…`, `licence-…`, `assurance-…` or `account-…`. */
export function codecOfStream(stream: string): EventCodec<DomainEvent> | null {
  const codec = AUDITED_CODECS.find((candidate) => candidate.owns(stream));
  return codec && codec.idOf(stream).length > 0 ? codec : null;
}

/**
 * One event as the audit shows it: the envelope exactly as stored (the hash covers it), the data
 * as stored, and the data as every read path sees it now, decoded and upcast by the codec. Both,
 * because the stored shape is the evidence and the current shape is what the system acted on.
 * Secrets are redacted from both (redaction/secret-fields.ts); `redacted` names the fields, so an
 * auditor knows those events' hashes cannot be recomputed from this answer.
 */
export interface AuditedEvent {
  stream: string;
  revision: number;
  /** Global position in the log, as a decimal string (positions outgrow JSON numbers). */
  position: string;
  type: string;
  /** The schema version the event was written in (also in metadata). */
  schemaVersion: number;
  /** As stored. */
  data: unknown;
  /** As stored: eventId, occurredAt, actor, correlationId, causationId, schemaVersion, prevHash, hash. */
  metadata: EventMetadata;
  redacted: string[];
  /**
   * The event as the service reads it today: its current schema version, whether an upcaster
   * changed it, and (only when one did) the upcast data. Null when the codec cannot read it.
   */
  decoded: { schemaVersion: number; upcast: boolean; data?: unknown } | null;
  /** Why the codec cannot read it: a type this stream does not have, or a newer schema version. */
  unreadable?: string;
}

export function auditedEvent(codec: EventCodec<DomainEvent>, recorded: RecordedEvent): AuditedEvent {
  const { stream, revision, position, type, metadata } = recorded;
  const stored = redact(codec.category, type, recorded.data);
  const base = { stream, revision, position: position.toString(), type, schemaVersion: metadata.schemaVersion ?? 1, data: stored.data, metadata, redacted: stored.redacted };
  let event: DomainEvent | undefined;
  try {
    event = codec.decode(recorded);
  } catch (error) {
    if (!(error instanceof UnreadableEventError)) throw error;
    return { ...base, decoded: null, unreadable: error.message };
  }
  if (!event) return { ...base, decoded: null, unreadable: `${type} is not an event type of ${codec.category} streams` };
  const current = codec.schemaVersion(type);
  if (current === base.schemaVersion) return { ...base, decoded: { schemaVersion: current, upcast: false } };
  return { ...base, decoded: { schemaVersion: current, upcast: true, data: redact(codec.category, type, event.data).data } };
}
