import { assertNever } from '../shared/decider';
import type { CaseEvent } from './case.events';
import type { CaseStatus } from './case-status';
import type { Assignee } from './review/review';

export interface StatusChange {
  status: CaseStatus;
  at: string;
}

/**
 * The status a case is in after an event, and since when; null when the event leaves the
 * status as it was. The one place status transitions are written: `evolve` and every
 * projection that shows a status use it.
 */
export function statusAfter(event: CaseEvent): StatusChange | null {
  switch (event.type) {
    case 'CaseRegistered':
      return { status: 'REGISTERED', at: event.data.registeredAt };
    case 'ExemptCaseFiled':
      return { status: 'INITIAL_REVIEW', at: event.data.filedAt };
    case 'ApplicationSubmitted':
      return { status: 'INITIAL_REVIEW', at: event.data.submittedAt };
    case 'CaseCancelled':
      return { status: 'CANCELLED', at: event.data.cancelledAt };
    case 'SupplementRequested':
      return { status: 'AWAITING_SUPPLEMENT', at: event.data.requestedAt };
    case 'SupplementProvided':
      return { status: event.data.resumeTo, at: event.data.providedAt };
    case 'CaseReferredToConsultation':
      return { status: 'CONSULTATION', at: event.data.referredAt };
    case 'ConsultationCompleted':
      return { status: event.data.resumeTo, at: event.data.completedAt };
    case 'ForwardedToSecondReview':
      return { status: 'SECOND_REVIEW', at: event.data.forwardedAt };
    case 'ReturnedToInitialReview':
      return { status: 'RETURNED_TO_INITIAL_REVIEW', at: event.data.returnedAt };
    case 'ClosedForAmendment':
      return { status: 'CLOSED_FOR_AMENDMENT', at: event.data.closedAt };
    case 'CaseRejected':
      return { status: 'REJECTED', at: event.data.rejectedAt };
    case 'CaseApproved':
      return { status: 'APPROVED', at: event.data.approvedAt };
    case 'ApplicationEdited':
    case 'AttachmentAdded':
    case 'AttachmentRemoved':
    case 'CaseClaimed':
    case 'CaseReleased':
    case 'CaseReassigned':
    case 'ConsultationReplyRecorded':
    case 'CaseNoteAdded':
    case 'PartiesScreened':
    case 'ScreeningHitDisposed':
      return null;
    default:
      return assertNever(event, 'case event');
  }
}

/**
 * Who works the case after an event: the reviewer assigned, null when nobody is, or undefined
 * when the event leaves the assignment as it was. A case forwarded to second review or returned
 * from it waits in its queue for a reviewer to claim it. `evolve` and the queues use it.
 */
export function assigneeAfter(event: CaseEvent): Assignee | null | undefined {
  switch (event.type) {
    case 'CaseClaimed':
    case 'CaseReassigned':
      return event.data.assignee;
    case 'CaseReleased':
    case 'ForwardedToSecondReview':
    case 'ReturnedToInitialReview':
      return null;
    default:
      return undefined;
  }
}
