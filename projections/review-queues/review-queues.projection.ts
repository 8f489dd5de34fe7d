import {
  caseCodec,
  clockOn,
  reviewClock,
  assigneeAfter,
  statusAfter,
  type Assignee,
  type CaseEvent,
  type CaseStatus,
  type HitDisposition,
  type OfficeCalendar,
  type Route,
  type StatusChange,
} from '@shtc/domain';
import type { Document, EventEnvelope, IndexSpec, Projection, ProjectionContext, ProjectionHandler } from '@shtc/read-store';

export const REVIEW_QUEUES_PROJECTION = 'review-queues';
/** One document per case, from its registration; `queue` is null while it is not in review. */
export const REVIEW_QUEUE_CASES = 'review_queue_cases';
/** Counts per queue, kept by the projection in the batch that moves a case (never counted per request). */
export const REVIEW_QUEUE_COUNTS = 'review_queue_counts';

/** The reviewer queues (issue 8): one per review status, returned-to-initial-review cases in the initial review queue. */
export const REVIEW_QUEUES = ['INITIAL_REVIEW', 'CONSULTATION', 'SECOND_REVIEW', 'AWAITING_SUPPLEMENT'] as const;
export type ReviewQueue = (typeof REVIEW_QUEUES)[number];

/** Why a case stands out in a queue. */
export const REVIEW_FLAGS = ['SCREENING_HIT', 'CONTROLLED_AREA', 'IRAN_NK'] as const;
export type ReviewFlag = (typeof REVIEW_FLAGS)[number];

export function queueOf(status: CaseStatus): ReviewQueue | null {
  switch (status) {
    case 'INITIAL_REVIEW':
    case 'RETURNED_TO_INITIAL_REVIEW':
      return 'INITIAL_REVIEW';
    case 'CONSULTATION':
    case 'SECOND_REVIEW':
    case 'AWAITING_SUPPLEMENT':
      return status;
    default:
      return null;
  }
}

export interface ReviewQueueDocument extends Document {
  caseNo: string;
  /** The revision of the last event that changed the document (replays at or below it change nothing). */
  revision: number;
  queue: ReviewQueue | null;
  status: CaseStatus;
  route: Route;
  kind: string;
  destination: string;
  applicantId: string;
  assignee: Assignee | null;
  /** The assignee's business id, or null: a scalar to filter and index on. */
  assigneeId: string | null;
  flags: ReviewFlag[];
  /** The flags as scalars, one field each, so a filter on a flag is served from an index. */
  flagged: Record<ReviewFlag, boolean>;
  /** Each screening hit and how a reviewer recorded it (R-REV-7). */
  screeningHits: Record<string, HitDisposition | 'OPEN'>;
  /** Reviewers who forwarded the case to second review: the second review is someone else's (R-REV-3). */
  initialReviewerIds: string[];
  submittedAt: string | null;
  statusHistory: StatusChange[];
  /** R-REV-4's target date: ended pauses move it; a running one does not (the read adds it, as the case view does). */
  dueDate: string | null;
  /** While awaiting documents: whether the case was overdue when its clock stopped (it stays so until it runs again). */
  pausedOverdue: boolean | null;
  /** While awaiting documents: the applicant's reply date. */
  replyBy: string | null;
}

export type QueueCounts = Record<ReviewQueue, number>;
export type QueueCountsDocument = Document & QueueCounts;

/** The counts documents: every case in review; the unassigned; and one per assignee. */
export const COUNTS_ALL = 'all';
export const COUNTS_UNASSIGNED = 'unassigned';
export const countsOfAssignee = (businessId: string) => `assignee-${businessId}`;

export interface ReviewQueuesOptions {
  calendar: OfficeCalendar;
  /** The controlled-area list of libs/reference-data (an operator may replace it). */
  isControlledArea(country: string): boolean;
}

/**
 * The reviewer queues (issue 8 item 3): each case in review with what a reviewer sorts and
 * filters by, folded from its stream (statuses by `statusAfter`, the due date by `reviewClock`,
 * the same functions the case view uses). Days left and overdue change with the date, not with
 * events: queries work them out from `dueDate` and the clock.
 */
export function reviewQueuesProjection(options: ReviewQueuesOptions): Projection {
  const handler: ProjectionHandler = async (recorded, context) => {
    if (!caseCodec.owns(recorded.stream)) return;
    const event = caseCodec.decode(recorded);
    if (!event) return;
    const id = caseCodec.idOf(recorded.stream);
    const before = await context.get<ReviewQueueDocument>(REVIEW_QUEUE_CASES, id);
    // An event at or below the revision the document has folded is a replay: it changes nothing.
    if (before && recorded.revision <= before.revision) return;
    const envelope: EventEnvelope = { stream: recorded.stream, streamId: id, revision: recorded.revision, occurredAt: recorded.metadata.occurredAt };
    const after = evolveQueueDocument(before, event, envelope, options);
    // Most events (uploads, notes, replies) change nothing a queue shows: no write.
    if (!after || after === before) return;
    context.put(REVIEW_QUEUE_CASES, { ...after, revision: recorded.revision });
    await moveCounts(context, before, after);
  };
  return {
    name: REVIEW_QUEUES_PROJECTION,
    version: 1,
    collections: [
      {
        name: REVIEW_QUEUE_CASES,
        indexes: [
          { fields: [['queue', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
          { fields: [['queue', 'asc'], ['destination', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
          { fields: [['queue', 'asc'], ['route', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
          { fields: [['queue', 'asc'], ['assigneeId', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
          { fields: [['queue', 'asc'], ['pausedOverdue', 'asc'], ['dueDate', 'asc'], ['id', 'asc']] },
          ...REVIEW_FLAGS.map((flag): IndexSpec => ({ fields: [['queue', 'asc'], [`flagged.${flag}`, 'asc'], ['dueDate', 'asc'], ['id', 'asc']] })),
        ],
      },
      { name: REVIEW_QUEUE_COUNTS },
    ],
    handlers: Object.fromEntries(caseCodec.types.map((type) => [type, handler])),
  };
}

/**
 * The counts follow a case that entered, left or moved between queues or assignees, in the
 * batch that moved it: a count is never worked out per request.
 */
async function moveCounts(context: ProjectionContext, before: ReviewQueueDocument | null, after: ReviewQueueDocument): Promise<void> {
  const was = before?.queue ? { queue: before.queue, assigneeId: before.assigneeId } : null;
  const is = after.queue ? { queue: after.queue, assigneeId: after.assigneeId } : null;
  if (was?.queue === is?.queue && was?.assigneeId === is?.assigneeId) return;
  if (was) await addToCounts(context, was.queue, was.assigneeId, -1);
  if (is) await addToCounts(context, is.queue, is.assigneeId, 1);
}

async function addToCounts(context: ProjectionContext, queue: ReviewQueue, assigneeId: string | null, delta: number): Promise<void> {
  for (const id of [COUNTS_ALL, assigneeId === null ? COUNTS_UNASSIGNED : countsOfAssignee(assigneeId)]) {
    const counts = (await context.get<QueueCountsDocument>(REVIEW_QUEUE_COUNTS, id)) ?? emptyCounts(id);
    context.put(REVIEW_QUEUE_COUNTS, { ...counts, [queue]: counts[queue] + delta });
  }
}

export function emptyCounts(id: string): QueueCountsDocument {
  return { id, INITIAL_REVIEW: 0, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 0 };
}

/** The queue document after an event: its data, then its status from `statusAfter`, then its clock. */
export function evolveQueueDocument(
  document: ReviewQueueDocument | null,
  event: CaseEvent,
  envelope: EventEnvelope,
  { calendar, isControlledArea }: ReviewQueuesOptions,
): ReviewQueueDocument | null {
  const folded = applyData(document, event, envelope, isControlledArea);
  if (!folded) return null;
  const assignee = assigneeAfter(event);
  const data = assignee === undefined ? folded : { ...folded, assignee, assigneeId: assignee?.businessId ?? null };
  const change = statusAfter(event);
  if (!change) return data === document ? data : withFlags(data);
  const statusHistory = [...data.statusHistory, change];
  const queue = queueOf(change.status);
  const clock = reviewClock(data.route, statusHistory, calendar);
  const pausedOverdue = change.status === 'AWAITING_SUPPLEMENT' && clock ? clockOn(clock, calendar.dateOf(change.at), calendar).overdue : null;
  return withFlags({
    ...data,
    status: change.status,
    queue,
    statusHistory,
    dueDate: clock?.dueDate ?? null,
    pausedOverdue,
    replyBy: change.status === 'AWAITING_SUPPLEMENT' ? data.replyBy : null,
  });
}

function applyData(
  document: ReviewQueueDocument | null,
  event: CaseEvent,
  envelope: EventEnvelope,
  isControlledArea: (country: string) => boolean,
): ReviewQueueDocument | null {
  switch (event.type) {
    case 'CaseRegistered':
    case 'ExemptCaseFiled': {
      const { caseNo, application } = event.data;
      const submittedAt = event.type === 'ExemptCaseFiled' ? event.data.filedAt : null;
      return {
        id: envelope.streamId, caseNo, revision: envelope.revision, queue: null, status: 'REGISTERED', route: application.route, kind: application.kind,
        destination: application.destination, applicantId: application.applicantId, assignee: null, assigneeId: null,
        flags: [], flagged: { SCREENING_HIT: false, CONTROLLED_AREA: isControlledArea(application.destination), IRAN_NK: application.route === 'IRAN_NK' },
        screeningHits: {}, initialReviewerIds: [], submittedAt, statusHistory: [], dueDate: null, pausedOverdue: null, replyBy: null,
      };
    }
  }
  if (!document) return null;
  switch (event.type) {
    case 'ApplicationEdited': {
      const { destination, kind } = event.data.application;
      return { ...document, destination, kind, flagged: { ...document.flagged, CONTROLLED_AREA: isControlledArea(destination) } };
    }
    case 'ApplicationSubmitted':
      return { ...document, submittedAt: event.data.submittedAt };
    case 'ForwardedToSecondReview':
      return { ...document, initialReviewerIds: [...document.initialReviewerIds, event.data.by.accountId] };
    case 'SupplementRequested':
      return { ...document, replyBy: event.data.replyBy };
    case 'PartiesScreened': {
      const screeningHits = { ...document.screeningHits };
      for (const hit of event.data.hits) screeningHits[hit.hitId] ??= 'OPEN';
      return { ...document, screeningHits };
    }
    case 'ScreeningHitDisposed':
      return document.screeningHits[event.data.hitId]
        ? { ...document, screeningHits: { ...document.screeningHits, [event.data.hitId]: event.data.disposition } }
        : document;
    default:
      return document;
  }
}

/** SCREENING_HIT while any hit is open or a true match (R-REV-7); the others from the destination and route. */
function withFlags(document: ReviewQueueDocument): ReviewQueueDocument {
  const flagged = { ...document.flagged, SCREENING_HIT: Object.values(document.screeningHits).some((disposition) => disposition !== 'FALSE_MATCH') };
  return { ...document, flagged, flags: REVIEW_FLAGS.filter((flag) => flagged[flag]) };
}
