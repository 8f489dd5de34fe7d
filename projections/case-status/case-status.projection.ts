import { STATUS_ZH, type CaseEvent, type CaseStatus, type Route } from '@shtc/domain';
import type { Document, Projection, ProjectionContext } from '@shtc/read-store';
import type { RecordedEvent } from '@shtc/event-store';

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
  /** Target date of the review (R-REV-4), once submitted. */
  dueDate: string | null;
  statusHistory: Array<{ status: CaseStatus; at: string }>;
  /** Last event applied: a replayed event changes nothing. */
  revision: number;
}

export interface CaseStatusOptions {
  /** Taiwan's calendar date of an instant. */
  taipeiDate(instant: string): string;
  /** The review's target date for a case submitted at `submittedAt` (R-REV-4). */
  dueDate(submittedAt: string, route: Route): string;
}

type Data<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>['data'];
const caseNoOf = (stream: string) => stream.slice('case-'.length);

export function caseStatusProjection(options: CaseStatusOptions): Projection {
  const withStatus = (doc: CaseDocument, status: CaseStatus, at: string): CaseDocument => ({
    ...doc,
    status,
    statusZh: STATUS_ZH[status],
    updatedAt: at,
    statusHistory: [...doc.statusHistory, { status, at }],
  });

  /** Applies a change to the case's document once: events at or below its revision are replays. */
  const change =
    (apply: (doc: CaseDocument, event: RecordedEvent) => CaseDocument) =>
    async (event: RecordedEvent, context: ProjectionContext) => {
      const doc = await context.get<CaseDocument>(CASES, caseNoOf(event.stream));
      if (!doc || event.revision <= doc.revision) return;
      context.put(CASES, { ...apply(doc, event), revision: event.revision });
    };

  const opened = async (context: ProjectionContext, doc: CaseDocument) => {
    if (await context.get<CaseDocument>(CASES, doc.id)) return; // a replay: the document has moved on
    context.put(CASES, doc);
  };

  return {
    name: CASE_STATUS_PROJECTION,
    version: 1,
    collections: [
      {
        name: CASES,
        indexes: [
          { fields: [['applicantId', 'asc'], ['appliedOn', 'desc'], ['id', 'desc']] },
          { fields: [['agentId', 'asc'], ['appliedOn', 'desc'], ['id', 'desc']] },
          { fields: [['status', 'asc'], ['dueDate', 'asc']] },
        ],
      },
    ],
    handlers: {
      CaseRegistered: async (event, context) => {
        const { caseNo, application, agentId, registeredAt } = event.data as Data<'CaseRegistered'>;
        await opened(context, {
          id: caseNo, caseNo, applicantId: application.applicantId, agentId, route: application.route, kind: application.kind,
          status: 'REGISTERED', statusZh: STATUS_ZH.REGISTERED, destination: application.destination, companyEmail: application.companyEmail,
          appliedOn: options.taipeiDate(registeredAt), registeredAt, submittedAt: null, updatedAt: registeredAt, dueDate: null,
          statusHistory: [{ status: 'REGISTERED', at: registeredAt }], revision: event.revision,
        });
      },
      ExemptCaseFiled: async (event, context) => {
        const { caseNo, application, agentId, filedAt } = event.data as Data<'ExemptCaseFiled'>;
        await opened(context, {
          id: caseNo, caseNo, applicantId: application.applicantId, agentId, route: 'EXEMPT', kind: application.kind,
          status: 'INITIAL_REVIEW', statusZh: STATUS_ZH.INITIAL_REVIEW, destination: application.destination, companyEmail: application.companyEmail,
          appliedOn: options.taipeiDate(filedAt), registeredAt: filedAt, submittedAt: filedAt, updatedAt: filedAt,
          dueDate: options.dueDate(filedAt, 'EXEMPT'), statusHistory: [{ status: 'INITIAL_REVIEW', at: filedAt }],
          revision: event.revision,
        });
      },
      ApplicationEdited: change((doc, event) => {
        const { application, editedAt } = event.data as Data<'ApplicationEdited'>;
        return { ...doc, destination: application.destination, companyEmail: application.companyEmail, updatedAt: editedAt };
      }),
      ApplicationSubmitted: change((doc, event) => {
        const { submittedAt } = event.data as Data<'ApplicationSubmitted'>;
        return { ...withStatus(doc, 'INITIAL_REVIEW', submittedAt), submittedAt, dueDate: options.dueDate(submittedAt, doc.route) };
      }),
      CaseCancelled: change((doc, event) => withStatus(doc, 'CANCELLED', (event.data as Data<'CaseCancelled'>).cancelledAt)),
    },
  };
}
