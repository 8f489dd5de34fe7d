import { assertNever } from '../shared/decider';
import type { CaseEvent } from './case.events';
import type { CaseStatus } from './case-status';

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
    case 'ApplicationEdited':
    case 'AttachmentAdded':
    case 'AttachmentRemoved':
      return null;
    default:
      return assertNever(event, 'case event');
  }
}
