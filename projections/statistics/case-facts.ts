import { pausedWorkingDays, statusAfter, workingDaysOnClock, type Application, type CaseEvent, type CaseStatus, type OfficeCalendar, type Route, type StatusChange } from '@shtc/domain';
import type { Document } from '@shtc/read-store';
import { categoriesOf, type Dimensions } from './dimensions';
import type { Folded, Observation } from './statistics-fold';
import type { TallyChange } from './tally';

/** What the fold keeps of a case between its events. */
export interface CaseFacts extends Document {
  /** The case number. */
  id: string;
  /** The revision of the last event folded that changed the facts or the figures: replays at or below it change nothing. */
  revision: number;
  dimensions: Dimensions;
  /** The review clock's input (R-REV-4) until the decision; emptied then, as nothing after a decision is timed. */
  statusHistory: StatusChange[];
  decided: boolean;
}

/** The statuses that end a case: its decision. */
const DECISIONS: Partial<Record<CaseStatus, 'approved' | 'rejected' | 'closedForAmendment' | 'cancelled'>> = {
  APPROVED: 'approved',
  REJECTED: 'rejected',
  CLOSED_FOR_AMENDMENT: 'closedForAmendment',
  CANCELLED: 'cancelled',
};

/** A case's facts after an event, and what the event counts. Statuses move by the domain's `statusAfter` alone. */
export function evolveCaseFacts(facts: CaseFacts | null, event: CaseEvent, caseNo: string, calendar: OfficeCalendar): Folded<CaseFacts> {
  const unchanged: Folded<CaseFacts> = { facts, observations: [] };
  if (event.type === 'CaseRegistered' || event.type === 'ExemptCaseFiled') {
    if (facts) return unchanged; // a case is filed once
    const filed = statusAfter(event)!;
    const dimensions = dimensionsOf(event.data.application);
    // An exempt case is submitted when it is filed (R-EXEMPT-2).
    const counts = event.type === 'ExemptCaseFiled' ? { filed: 1, submitted: 1 } : { filed: 1 };
    return {
      facts: { id: caseNo, revision: -1, dimensions, statusHistory: [filed], decided: false },
      observations: [{ on: calendar.dateOf(filed.at), dimensions, change: { counts } }],
    };
  }
  if (!facts || facts.decided) return unchanged;
  if (event.type === 'ApplicationEdited') return { facts: { ...facts, dimensions: dimensionsOf(event.data.application) }, observations: [] };
  const status = statusAfter(event);
  if (!status) return unchanged;

  const history = [...facts.statusHistory, status];
  const previous = facts.statusHistory[facts.statusHistory.length - 1];
  const decision = DECISIONS[status.status];
  const next: CaseFacts = { ...facts, statusHistory: decision ? [] : history, decided: decision !== undefined };
  const observe = (change: TallyChange): Folded<CaseFacts> => ({ facts: next, observations: [{ on: calendar.dateOf(status.at), dimensions: facts.dimensions, change }] });

  if (decision) {
    // Processing time (R-REV-4) for cases that were submitted; a case cancelled before submission has none.
    const days = workingDaysOnClock(facts.dimensions.route as Route, history, calendar, status.at);
    const reasons = event.type === 'CaseRejected' ? { rejected: event.data.reasons } : event.type === 'ClosedForAmendment' ? { closedForAmendment: event.data.reasons } : undefined;
    return observe({ counts: { [decision]: 1 }, ...(days === null ? {} : { durations: { processing: days } }), ...(reasons ? { reasons } : {}) });
  }
  switch (event.type) {
    case 'ApplicationSubmitted':
      return observe({ counts: { submitted: 1 } });
    case 'SupplementRequested':
      return observe({ counts: { supplementsRequested: 1 } });
    case 'SupplementProvided':
      // The working days the case's clock stood still: the applicant's time to answer (R-REV-4, R-REV-5).
      return observe({
        counts: { supplementsAnswered: 1 },
        ...(previous?.status === 'AWAITING_SUPPLEMENT' ? { durations: { supplementAnswer: pausedWorkingDays({ from: previous.at, to: status.at }, calendar) } } : {}),
      });
    case 'CaseReferredToConsultation':
      return observe({ counts: { consultationsReferred: 1 } });
    case 'ConsultationCompleted': {
      const referred = previous?.status === 'CONSULTATION' ? previous.at : null;
      const days = referred === null ? null : Math.max(0, calendar.workingDaysBetween(calendar.dateOf(referred), calendar.dateOf(status.at)));
      return observe({ counts: { consultationsCompleted: 1 }, ...(days === null ? {} : { durations: { consultation: days } }) });
    }
    case 'ReturnedToInitialReview':
      return observe({ counts: { returnsFromSecondReview: 1 } });
    default:
      return { facts: next, observations: [] };
  }
}

function dimensionsOf(application: Application): Dimensions {
  return { route: application.route, kind: application.kind, destination: application.destination, categories: categoriesOf(application.items) };
}

