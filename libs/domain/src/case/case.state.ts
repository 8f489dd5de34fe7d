import type { Actor } from '../shared/actor';
import { assertNever } from '../shared/decider';
import type { FieldIssue } from '../shared/refusal';
import type { Application, Route } from './application';
import type { Attachment } from './attachment-types';
import type { CaseEvent } from './case.events';
import type { CaseStatus } from './case-status';
import { statusAfter, type StatusChange } from './status-after';

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
  attachments: Attachment[];
  endUse: string | null;
  registeredAt: string;
  submittedAt: string | null;
  /** Every status the case has been in, with when it entered it: the review clock reads it. */
  history: StatusChange[];
};

export type CaseState = { status: 'NONE' } | FiledCase;

export const initialCaseState: CaseState = { status: 'NONE' };

/** Folds one event into the case. Status and history move by `statusAfter` alone. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  const next = applyData(state, event);
  if (!next) return state; // an event of a case not yet opened: events are facts, evolve never throws
  const change = statusAfter(event);
  return change ? { ...next, status: change.status, history: [...next.history, change] } : next;
}

/** The case's data after an event; its status and history are set from `statusAfter`. */
function applyData(state: CaseState, event: CaseEvent): FiledCase | null {
  switch (event.type) {
    case 'CaseRegistered': {
      const { caseNo, application, warnings, filedBy, agentId, registeredAt } = event.data;
      return {
        status: 'REGISTERED', caseNo, route: application.route, application, warnings, dataVersion: 1, filedBy, agentId,
        attachments: [], endUse: null, registeredAt, submittedAt: null, history: [],
      };
    }
    case 'ExemptCaseFiled': {
      const { caseNo, application, warnings, filedBy, agentId, endUse, filedAt } = event.data;
      return {
        status: 'INITIAL_REVIEW', caseNo, route: 'EXEMPT', application, warnings, dataVersion: 1, filedBy, agentId,
        attachments: [], endUse, registeredAt: filedAt, submittedAt: filedAt, history: [],
      };
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
      return state;
    default:
      return assertNever(event, 'case event');
  }
}
