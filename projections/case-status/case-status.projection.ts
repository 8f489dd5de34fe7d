import { STATUS_ZH, caseCodec, reviewClock, statusAfter, type CaseEvent, type CaseStatus, type OfficeCalendar, type Route, type StatusChange } from '@shtc/domain';
import { singleStreamProjection, type Document, type EventEnvelope, type Projection } from '@shtc/read-store';

export const CASE_STATUS_PROJECTION = 'case-status';
export const CASES = 'cases';

/** One document per case: what the status lookup and the applicant's case list show (R-REV-6). */
export interface CaseDocument extends Document {
  caseNo: string;
  applicantId: string;
  agentId: string | null;
  route: Route;
  kind: string;
  status: CaseStatus;
  statusZh: string;
  destination: string;
  companyEmail: string;
  /** The application date in Taiwan (YYYY-MM-DD): R-REV-6 looks cases up by a range of these. */
  appliedOn: string;
  registeredAt: string;
  submittedAt: string | null;
  updatedAt: string;
  /** Target date of the review (R-REV-4), once submitted; ended pauses move it, a running one does not yet. */
  dueDate: string | null;
  statusHistory: StatusChange[];
}

export interface CaseStatusOptions {
  /** Taiwan's office calendar, for the application date and the review clock. */
  calendar: OfficeCalendar;
}

/** The case's status, statuses and review clock, folded from its stream (statuses move by `statusAfter` alone). */
export function caseStatusProjection({ calendar }: CaseStatusOptions): Projection {
  return singleStreamProjection<CaseEvent, CaseDocument>({
    name: CASE_STATUS_PROJECTION,
    version: 2,
    collection: {
      name: CASES,
      indexes: [
        { fields: [['applicantId', 'asc'], ['appliedOn', 'desc'], ['id', 'desc']] },
        { fields: [['agentId', 'asc'], ['appliedOn', 'desc'], ['id', 'desc']] },
        { fields: [['status', 'asc'], ['dueDate', 'asc']] },
      ],
    },
    codec: caseCodec,
    evolve(document, event, envelope) {
      const data = applyData(document, event, envelope, calendar);
      if (!data) return null;
      const change = statusAfter(event);
      if (!change) return data;
      const statusHistory = [...data.statusHistory, change];
      return {
        ...data,
        status: change.status,
        statusZh: STATUS_ZH[change.status],
        updatedAt: change.at,
        statusHistory,
        dueDate: reviewClock(data.route, statusHistory, calendar)?.dueDate ?? null,
      };
    },
  });
}

/** The document's data after an event; status fields are set from `statusAfter` by the caller. */
function applyData(document: CaseDocument | null, event: CaseEvent, envelope: EventEnvelope, calendar: OfficeCalendar): CaseDocument | null {
  switch (event.type) {
    case 'CaseRegistered':
    case 'ExemptCaseFiled': {
      const { caseNo, application, agentId } = event.data;
      const filedAt = event.type === 'CaseRegistered' ? event.data.registeredAt : event.data.filedAt;
      return {
        id: envelope.streamId, caseNo, applicantId: application.applicantId, agentId, route: application.route, kind: application.kind,
        status: 'REGISTERED', statusZh: STATUS_ZH.REGISTERED, destination: application.destination, companyEmail: application.companyEmail,
        appliedOn: calendar.dateOf(filedAt), registeredAt: filedAt, submittedAt: event.type === 'ExemptCaseFiled' ? filedAt : null, updatedAt: filedAt, dueDate: null, statusHistory: [],
      };
    }
    case 'ApplicationEdited':
      return document && {
        ...document,
        destination: event.data.application.destination,
        companyEmail: event.data.application.companyEmail,
        updatedAt: event.data.editedAt,
      };
    case 'ApplicationSubmitted':
      return document && { ...document, submittedAt: event.data.submittedAt };
    default:
      return document;
  }
}
