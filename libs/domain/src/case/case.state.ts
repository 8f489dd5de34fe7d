import type { Actor } from '../shared/actor';
import { assertNever } from '../shared/decider';
import type { FieldIssue } from '../shared/refusal';
import type { Application, Route } from './application';
import type { Attachment } from './attachment-types';
import type { CaseApproved, CaseEvent } from './case.events';
import type { CaseStatus } from './case-status';
import type { LicenceCorrection } from './filing/file-correction';
import type { Assignee, CaseDecision, Consultation, InternalNote, Recommendation, RecordedHit, SupplementRequest } from './review/review';
import { assigneeAfter, statusAfter, type StatusChange } from './status-after';

export type FiledCase = {
  status: CaseStatus;
  caseNo: string;
  route: Route;
  application: Application;
  warnings: FieldIssue[];
  /** Bumped by every edit; an assurance is valid for the version it was signed for. */
  dataVersion: number;
  filedBy: Actor;
  agentId: string | null;
  /** The case closed for amendment this case amends (R-AMEND-1), or null. */
  amends: string | null;
  /** The cancelled licence whose balance this case reissues (R-BAL-1), or null. */
  reissues: string | null;
  /** The licence this case corrects, with what it stated when the case was filed (R-CORR-1, R-MISM-1), or null. */
  corrects: LicenceCorrection | null;
  attachments: Attachment[];
  endUse: string | null;
  registeredAt: string;
  submittedAt: string | null;
  /** Every status the case has been in, with when it entered it: the review clock reads it. */
  history: StatusChange[];
  /** The reviewer working the case now. */
  assignee: Assignee | null;
  /** Every reviewer who forwarded the case to second review: none of them approves it (R-REV-3). */
  initialReviewers: Actor[];
  recommendation: { recommendation: Recommendation; note: string; by: Actor } | null;
  /** The documents asked for, while the case awaits them, and the last request after. */
  supplement: SupplementRequest | null;
  consultations: Consultation[];
  screeningHits: RecordedHit[];
  /** The lists the parties were last screened against. */
  screenedAgainst: string[];
  /** Internal: never shown to the applicant's side. */
  notes: InternalNote[];
  decision: CaseDecision | null;
  licence: CaseApproved['data']['licence'] | null;
};

export type CaseState = { status: 'NONE' } | FiledCase;

export const initialCaseState: CaseState = { status: 'NONE' };

/** Folds one event into the case. Status and history move by `statusAfter` alone, the assignee by `assigneeAfter`. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  const next = applyData(state, event);
  if (!next) return state; // an event of a case not yet opened: events are facts, evolve never throws
  const change = statusAfter(event);
  const assignee = assigneeAfter(event);
  const assigned = assignee === undefined ? next : { ...next, assignee };
  return change ? { ...assigned, status: change.status, history: [...next.history, change] } : assigned;
}

/** The consultation still waiting for replies, if any. */
export function openConsultation(state: FiledCase): Consultation | null {
  const last = state.consultations.at(-1);
  return last && !last.completedAt ? last : null;
}

/** The case has been through an inter-agency consultation (R-IRNK-5, R-REV-7). */
export function wasConsulted(state: FiledCase): boolean {
  return state.consultations.some((consultation) => consultation.completedAt !== null);
}

const opened = (
  fields: Pick<FiledCase, 'status' | 'caseNo' | 'route' | 'application' | 'warnings' | 'filedBy' | 'agentId' | 'amends' | 'reissues' | 'corrects' | 'endUse' | 'registeredAt' | 'submittedAt'>,
): FiledCase => ({
  ...fields,
  dataVersion: 1,
  attachments: [],
  history: [],
  assignee: null,
  initialReviewers: [],
  recommendation: null,
  supplement: null,
  consultations: [],
  screeningHits: [],
  screenedAgainst: [],
  notes: [],
  decision: null,
  licence: null,
});

/** The case's data after an event; its status and history are set from `statusAfter`. */
function applyData(state: CaseState, event: CaseEvent): FiledCase | null {
  switch (event.type) {
    case 'CaseRegistered': {
      const { caseNo, application, warnings, filedBy, agentId, amends, reissues, corrects, registeredAt } = event.data;
      return opened({ status: 'REGISTERED', caseNo, route: application.route, application, warnings, filedBy, agentId, amends, reissues, corrects, endUse: null, registeredAt, submittedAt: null });
    }
    case 'ExemptCaseFiled': {
      const { caseNo, application, warnings, filedBy, agentId, amends, reissues, corrects, endUse, filedAt } = event.data;
      return opened({ status: 'INITIAL_REVIEW', caseNo, route: 'EXEMPT', application, warnings, filedBy, agentId, amends, reissues, corrects, endUse, registeredAt: filedAt, submittedAt: filedAt });
    }
  }
  if (state.status === 'NONE') return null;
  switch (event.type) {
    case 'ApplicationEdited':
      return { ...state, application: event.data.application, warnings: event.data.warnings, dataVersion: event.data.dataVersion };
    case 'AttachmentAdded': {
      const { by: _, ...attachment } = event.data;
      return { ...state, attachments: [...state.attachments, attachment] };
    }
    case 'AttachmentRemoved':
      return { ...state, attachments: state.attachments.filter((a) => a.attachmentId !== event.data.attachmentId) };
    case 'ApplicationSubmitted':
      return { ...state, endUse: event.data.endUse, submittedAt: event.data.submittedAt };
    case 'CaseCancelled':
      return { ...state, decision: { outcome: 'CANCELLED', at: event.data.cancelledAt, by: event.data.by, reasons: [event.data.reason] } };
    case 'CaseClaimed':
    case 'CaseReleased':
    case 'CaseReassigned':
      return state; // the assignee moves by assigneeAfter
    case 'SupplementRequested': {
      const { documents, message, replyBy, requestedAt, resumeTo } = event.data;
      return { ...state, supplement: { documents, message, replyBy, requestedAt, resumeTo } };
    }
    case 'SupplementProvided':
      return state;
    case 'CaseReferredToConsultation': {
      const { agencies, note, referredAt, resumeTo } = event.data;
      return { ...state, consultations: [...state.consultations, { referredAt, note, agencies, replies: [], resumeTo, completedAt: null }] };
    }
    case 'ConsultationReplyRecorded': {
      const { by, ...reply } = event.data;
      return withOpenConsultation(state, (c) => ({ ...c, replies: [...c.replies, { ...reply, by }] }));
    }
    case 'ConsultationCompleted':
      return withOpenConsultation(state, (c) => ({ ...c, completedAt: event.data.completedAt }));
    case 'ForwardedToSecondReview': {
      const { recommendation, note, by } = event.data;
      return { ...state, initialReviewers: [...state.initialReviewers, by], recommendation: { recommendation, note, by } };
    }
    case 'ReturnedToInitialReview':
      return state;
    case 'ClosedForAmendment':
      return { ...state, decision: { outcome: 'CLOSED_FOR_AMENDMENT', at: event.data.closedAt, by: event.data.by, reasons: event.data.reasons } };
    case 'CaseRejected':
      return { ...state, decision: { outcome: 'REJECTED', at: event.data.rejectedAt, by: event.data.by, reasons: event.data.reasons } };
    case 'CaseApproved': {
      const { approvedAt, by, note, licence } = event.data;
      return { ...state, licence, decision: { outcome: 'APPROVED', at: approvedAt, by, reasons: note ? [note] : [] } };
    }
    case 'CaseNoteAdded':
      return { ...state, notes: [...state.notes, event.data] };
    case 'PartiesScreened': {
      const known = new Set(state.screeningHits.map((hit) => hit.hitId));
      const hits = event.data.hits.filter((hit) => !known.has(hit.hitId)).map((hit): RecordedHit => ({ ...hit, disposition: 'OPEN', reason: null, disposedBy: null }));
      return { ...state, screeningHits: [...state.screeningHits, ...hits], screenedAgainst: event.data.lists };
    }
    case 'ScreeningHitDisposed': {
      const { hitId, disposition, reason, by } = event.data;
      return { ...state, screeningHits: state.screeningHits.map((hit) => (hit.hitId === hitId ? { ...hit, disposition, reason, disposedBy: by } : hit)) };
    }
    default:
      return assertNever(event, 'case event');
  }
}

function withOpenConsultation(state: FiledCase, change: (consultation: Consultation) => Consultation): FiledCase {
  const consultations = state.consultations.map((c, i) => (i === state.consultations.length - 1 && !c.completedAt ? change(c) : c));
  return { ...state, consultations };
}
