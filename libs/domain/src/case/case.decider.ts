import type { Decider, Decision } from '../shared/decider';
import { refuse, refuseAll, type FieldIssue } from '../shared/refusal';
import type { Actor } from './actor';
import type { Application, Route } from './application';
import type { Attachment } from './attachment-types';
import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import { changesFromAssurance, DEFAULT_CASE_POLICY, missingAttachments, type CasePolicy } from './case.rules';
import type { CaseStatus } from './case-status';

export interface StatusChange {
  status: CaseStatus;
  at: string;
}

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
  history: StatusChange[];
};

export type CaseState = { status: 'NONE' } | FiledCase;

export const initialCaseState: CaseState = { status: 'NONE' };

/** Where the applicant may still upload: before submission, when asked for documents, and an exempt case's documents after filing. */
function acceptsUploads(state: FiledCase): boolean {
  return (
    state.status === 'REGISTERED' ||
    state.status === 'AWAITING_SUPPLEMENT' ||
    (state.route === 'EXEMPT' && state.status === 'INITIAL_REVIEW')
  );
}

export function makeCaseDecider(policy: CasePolicy = DEFAULT_CASE_POLICY): Decider<CaseCommand, CaseEvent, CaseState> {
  function decide(command: CaseCommand, state: CaseState): Decision<CaseEvent> {
    if (command.type === 'FileApplication') return file(command, state);
    if (state.status === 'NONE') return refuse('R-REV-6', 'No such case', 'NOT_FOUND');

    switch (command.type) {
      case 'EditApplication': {
        if (state.status !== 'REGISTERED') {
          return refuse('R-NEW-1', `The case is ${state.status}: only a case still registering (REGISTERED) can be edited`, 'CONFLICT');
        }
        const { application } = command;
        if (application.route !== state.route) return refuse('R-NEW-1', 'The route of a case cannot change', 'RULE', 'route');
        if (application.applicantId !== state.application.applicantId) {
          return refuse('R-ACC-4', 'The applicant of a case cannot change', 'RULE', 'applicantId');
        }
        if (state.route === 'IRAN_NK') {
          if (!command.assurance) return refuse('R-IRNK-3', 'The assurance of this case is missing', 'RULE', 'assuranceNo');
          const changes = changesFromAssurance(application, command.assurance);
          if (changes.length > 0) return refuseAll(changes, 'RULE');
        }
        return [{ type: 'ApplicationEdited', data: { application, warnings: command.warnings, dataVersion: state.dataVersion + 1, editedAt: command.at } }];
      }

      case 'AddAttachment': {
        if (!acceptsUploads(state)) {
          return refuse('R-REV-5', `The case is ${state.status}: documents are uploaded before submission or when a reviewer asks for them`, 'CONFLICT');
        }
        return [{ type: 'AttachmentAdded', data: { ...command.attachment, dataVersion: state.dataVersion, addedAt: command.at } }];
      }

      case 'RemoveAttachment': {
        if (state.status !== 'REGISTERED' && state.status !== 'AWAITING_SUPPLEMENT') {
          return refuse('R-REV-5', `The case is ${state.status}: attachments can be removed only before submission or while documents are asked for`, 'CONFLICT');
        }
        if (!state.attachments.some((a) => a.attachmentId === command.attachmentId)) {
          return refuse('R-REV-5', 'No such attachment on this case', 'NOT_FOUND', 'attachmentId');
        }
        return [{ type: 'AttachmentRemoved', data: { attachmentId: command.attachmentId, removedAt: command.at } }];
      }

      case 'SubmitApplication': {
        if (state.status !== 'REGISTERED') return refuse('R-NEW-5', `The case is ${state.status} and cannot be submitted again`, 'CONFLICT');
        const missing = missingAttachments(state.application, state.attachments, state.dataVersion, policy);
        if (missing.length > 0) {
          return refuseAll(missing, 'RULE', `Attach before submitting: ${missing.map((m) => m.field.replace('attachments.', '')).join(', ')}`);
        }
        return [{ type: 'ApplicationSubmitted', data: { endUse: command.endUse, submittedAt: command.at } }];
      }

      case 'CancelCase': {
        if (command.by === 'APPLICANT') {
          if (state.route === 'IRAN_NK') {
            return refuse('R-IRNK-2', 'An Iran/North Korea case filed from a registered assurance cannot be cancelled by the applicant');
          }
          if (state.status !== 'REGISTERED') {
            return refuse('R-NEW-5', 'After submission only a reviewer cancels a case, on the applicant\'s request', 'CONFLICT');
          }
        }
        return [{ type: 'CaseCancelled', data: { reason: command.reason, cancelledAt: command.at, by: command.by } }];
      }
    }
  }

  function file(command: Extract<CaseCommand, { type: 'FileApplication' }>, state: CaseState): Decision<CaseEvent> {
    if (state.status !== 'NONE') return refuse('R-NEW-1', `Case ${command.caseNo} exists already`, 'CONFLICT');
    const { caseNo, application, warnings, filedBy, agentId, at } = command;
    const toIranNk = policy.iranNkDestinations.includes(application.destination);
    switch (application.route) {
      case 'STANDARD':
        if (toIranNk) {
          return refuse('R-IRNK-1', 'Exports to Iran or North Korea are filed from a registered assurance (route IRAN_NK)', 'RULE', 'route');
        }
        return [{ type: 'CaseRegistered', data: { caseNo, application, warnings, filedBy, agentId, registeredAt: at } }];

      case 'EXEMPT':
        if (toIranNk) return refuse('R-IRNK-1', 'Exports to Iran or North Korea cannot take the exempt route', 'RULE', 'route');
        if (!application.exemption) return refuse('R-EXEMPT-1', 'Pick the reason the case needs no assurance', 'INVALID', 'exemption');
        if (!command.endUse) return refuse('R-EXEMPT-2', 'The end use in English is required when filing an exempt case', 'INVALID', 'exemption.endUse');
        return [{ type: 'ExemptCaseFiled', data: { caseNo, application, warnings, filedBy, agentId, endUse: command.endUse, filedAt: at } }];

      case 'IRAN_NK': {
        const { assurance } = command;
        if (!assurance) return refuse('R-IRNK-3', 'An Iran/North Korea application is filed from its assurance number', 'INVALID', 'assuranceNo');
        if (assurance.applicantId !== application.applicantId) {
          return refuse('R-IRNK-3', 'The assurance belongs to another applicant', 'NOT_FOUND', 'assuranceNo');
        }
        const changes = changesFromAssurance(application, assurance);
        if (changes.length > 0) return refuseAll(changes, 'RULE');
        return [{ type: 'CaseRegistered', data: { caseNo, application, warnings, filedBy, agentId, registeredAt: at } }];
      }
    }
  }

  return { initialState: initialCaseState, decide, evolve: evolveCase };
}

const moved = (state: FiledCase, status: CaseStatus, at: string): FiledCase => ({
  ...state,
  status,
  history: [...state.history, { status, at }],
});

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseRegistered': {
      const { caseNo, application, warnings, filedBy, agentId, registeredAt } = event.data;
      return {
        status: 'REGISTERED', caseNo, route: application.route, application, warnings, dataVersion: 1, filedBy, agentId,
        attachments: [], endUse: null, registeredAt, submittedAt: null, history: [{ status: 'REGISTERED', at: registeredAt }],
      };
    }
    case 'ExemptCaseFiled': {
      const { caseNo, application, warnings, filedBy, agentId, endUse, filedAt } = event.data;
      return {
        status: 'INITIAL_REVIEW', caseNo, route: 'EXEMPT', application, warnings, dataVersion: 1, filedBy, agentId,
        attachments: [], endUse, registeredAt: filedAt, submittedAt: filedAt, history: [{ status: 'INITIAL_REVIEW', at: filedAt }],
      };
    }
  }
  if (state.status === 'NONE') return state;
  switch (event.type) {
    case 'ApplicationEdited':
      return { ...state, application: event.data.application, warnings: event.data.warnings, dataVersion: event.data.dataVersion };
    case 'AttachmentAdded':
      return { ...state, attachments: [...state.attachments, event.data] };
    case 'AttachmentRemoved':
      return { ...state, attachments: state.attachments.filter((a) => a.attachmentId !== event.data.attachmentId) };
    case 'ApplicationSubmitted':
      return { ...moved(state, 'INITIAL_REVIEW', event.data.submittedAt), endUse: event.data.endUse, submittedAt: event.data.submittedAt };
    case 'CaseCancelled':
      return moved(state, 'CANCELLED', event.data.cancelledAt);
    default:
      return state;
  }
}

export const caseDecider = makeCaseDecider();

export const caseStream = (caseNo: string) => `case-${caseNo}`;
