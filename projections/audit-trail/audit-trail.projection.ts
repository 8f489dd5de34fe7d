import {
  LICENCE_STATUS_ZH,
  STATUS_ZH,
  caseCodec,
  licenceCodec,
  licenceStatusAfter,
  statusAfter,
  type Actor,
  type AttachmentType,
  type CaseEvent,
  type LicenceEvent,
} from '@shtc/domain';
import { formatPosition, type RecordedEvent } from '@shtc/event-store';
import type { Document, Projection, ProjectionContext, ProjectionHandler } from '@shtc/read-store';
import { describeCaseEvent } from './describe-case-event';
import { describeLicenceEvent } from './describe-licence-event';
import { whoOf, type Description } from './wording';

export const AUDIT_TRAIL_PROJECTION = 'audit-trail';
/** One document per case or licence event: the timeline's entries. */
export const TRAIL_ENTRIES = 'audit_trail_entries';
/** One document per case or licence stream: what it descends from, so a case's family can be found. */
export const TRAIL_STREAMS = 'audit_trail_streams';

/**
 * How a stream descends from its parent: a case amends a case closed for amendment (R-AMEND-1),
 * reissues a cancelled licence's balance (R-BAL-1), corrects a licence (R-CORR-1) or its
 * mismatch with a declaration (R-MISM-1); a licence is issued by its case (R-LIC-1).
 */
export type TrailRelation = 'AMENDS' | 'REISSUES' | 'CORRECTS' | 'MISMATCH_CORRECTS' | 'ISSUED_BY';

export interface TrailAttachment {
  attachmentId: string;
  type: AttachmentType;
  fileName: string;
}

export interface TrailStreamDocument extends Document {
  category: 'case' | 'licence';
  streamId: string;
  /** The stream this one descends from; null for a family's root (a NEW case). */
  parent: string | null;
  relation: TrailRelation | null;
  /**
   * A case's attachments, kept after removal: a removal is described by what it removed. A list,
   * not a map by id, so that no stored field name comes from data (MongoDB restricts them).
   */
  attachments: TrailAttachment[];
}

export interface TrailEntryDocument extends Document {
  /** The event's global position, zero-padded: the id, so that sorting by id is the log's order. */
  position: string;
  stream: string;
  category: 'case' | 'licence';
  /** The case number or licence number of the stream. */
  streamId: string;
  revision: number;
  type: string;
  occurredAt: string;
  actor: Actor;
  /** The stream's status after the event, when the event changed it. */
  status: string | null;
  statusZh: string | null;
  description: Description;
}

/**
 * The audit trail of cases and licences (issue 11 item 2): every event described in one line in
 * English and Traditional Chinese, with who did it, when and where it sits in the log; and each
 * stream's parent, so that a case's timeline can gather its whole family (the case it amends,
 * the licence it produced, the cases correcting or reissuing that licence …). Descriptions are
 * written when the event is projected: changing a describer means bumping `version`, which
 * rebuilds the trail. Every write is a pure function of the events so far: replays write the same.
 */
export const auditTrailProjection: Projection = {
  name: AUDIT_TRAIL_PROJECTION,
  version: 1,
  collections: [
    { name: TRAIL_ENTRIES, indexes: [{ fields: [['stream', 'asc'], ['id', 'asc']] }] },
    { name: TRAIL_STREAMS, indexes: [{ fields: [['parent', 'asc'], ['id', 'asc']] }] },
  ],
  handlers: Object.fromEntries(
    [...caseCodec.types, ...licenceCodec.types].map((type): [string, ProjectionHandler] => [type, (recorded, context) => trail(recorded, context)]),
  ),
};

async function trail(recorded: RecordedEvent, context: ProjectionContext): Promise<void> {
  if (caseCodec.owns(recorded.stream)) {
    const event = caseCodec.decode(recorded);
    if (event) await trailCase(recorded, event, context);
  } else if (licenceCodec.owns(recorded.stream)) {
    const event = licenceCodec.decode(recorded);
    if (event) await trailLicence(recorded, event, context);
  }
}

/** The case events that keep a stream's attachments (a replayed registration) or name one (a removal). */
const USES_ATTACHMENTS = new Set<CaseEvent['type']>(['CaseRegistered', 'ExemptCaseFiled', 'AttachmentAdded', 'AttachmentRemoved']);

async function trailCase(recorded: RecordedEvent, event: CaseEvent, context: ProjectionContext): Promise<void> {
  const caseNo = caseCodec.idOf(recorded.stream);
  // The stream's record is read only by the events that keep or use its attachments: one read
  // less for every other event (most of them), on the projector's busiest path.
  let known = USES_ATTACHMENTS.has(event.type) ? await context.get<TrailStreamDocument>(TRAIL_STREAMS, recorded.stream) : null;
  if (event.type === 'CaseRegistered' || event.type === 'ExemptCaseFiled') {
    const { amends, reissues, corrects, application } = event.data;
    const [parent, relation]: [string | null, TrailRelation | null] = amends
      ? [caseCodec.streamOf(amends), 'AMENDS']
      : reissues
        ? [licenceCodec.streamOf(reissues), 'REISSUES']
        : corrects
          ? [licenceCodec.streamOf(corrects.licenceNo), application.kind === 'MISMATCH_CORRECTION' ? 'MISMATCH_CORRECTS' : 'CORRECTS']
          : [null, null];
    // A replayed registration keeps what later events added (attachments).
    known = { id: recorded.stream, category: 'case', streamId: caseNo, parent, relation, attachments: known?.attachments ?? [] };
    context.put(TRAIL_STREAMS, known);
  }
  if (event.type === 'AttachmentAdded' && known && !known.attachments.some((a) => a.attachmentId === event.data.attachmentId)) {
    const { attachmentId, type, fileName } = event.data;
    known = { ...known, attachments: [...known.attachments, { attachmentId, type, fileName }] };
    context.put(TRAIL_STREAMS, known);
  }
  const change = statusAfter(event);
  const description = describeCaseEvent(event, whoOf(recorded.metadata.actor), { attachments: known?.attachments ?? [] });
  context.put(TRAIL_ENTRIES, entryOf(recorded, 'case', caseNo, change && { status: change.status, statusZh: STATUS_ZH[change.status] }, description));
}

async function trailLicence(recorded: RecordedEvent, event: LicenceEvent, context: ProjectionContext): Promise<void> {
  const licenceNo = licenceCodec.idOf(recorded.stream);
  if (event.type === 'LicenceIssued') {
    context.put(TRAIL_STREAMS, {
      id: recorded.stream, category: 'licence', streamId: licenceNo, parent: caseCodec.streamOf(event.data.caseNo), relation: 'ISSUED_BY', attachments: [],
    } satisfies TrailStreamDocument);
  }
  const status = licenceStatusAfter(event);
  const description = describeLicenceEvent(event, whoOf(recorded.metadata.actor));
  context.put(TRAIL_ENTRIES, entryOf(recorded, 'licence', licenceNo, status && { status, statusZh: LICENCE_STATUS_ZH[status] }, description));
}

function entryOf(
  recorded: RecordedEvent,
  category: 'case' | 'licence',
  streamId: string,
  status: { status: string; statusZh: string } | null,
  description: Description,
): TrailEntryDocument {
  const { accountId, role, businessId } = recorded.metadata.actor;
  const position = formatPosition(recorded.position);
  return {
    id: position,
    position,
    stream: recorded.stream,
    category,
    streamId,
    revision: recorded.revision,
    type: recorded.type,
    occurredAt: recorded.metadata.occurredAt,
    actor: { accountId, role, businessId },
    status: status?.status ?? null,
    statusZh: status?.statusZh ?? null,
    description,
  };
}
