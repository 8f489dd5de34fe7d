import type { Actor } from './actor';
import type { Application } from './application';
import type { Attachment } from './attachment-types';
import type { FieldIssue } from '../shared/refusal';

/**
 * Events of a `case-<caseNo>` stream: past tense, each a storage format (schemaVersion 1).
 * `filedBy` and `agentId` record who filed for whom and never change (R-ACC-4). `warnings` are what
 * the rules flagged without refusing (a CCC check digit), kept for reviewers to see.
 */
export type CaseEvent =
  | {
      type: 'CaseRegistered';
      data: { caseNo: string; application: Application; warnings: FieldIssue[]; filedBy: Actor; agentId: string | null; registeredAt: string };
    }
  | {
      type: 'ExemptCaseFiled';
      data: { caseNo: string; application: Application; warnings: FieldIssue[]; filedBy: Actor; agentId: string | null; endUse: string; filedAt: string };
    }
  | { type: 'ApplicationEdited'; data: { application: Application; warnings: FieldIssue[]; dataVersion: number; editedAt: string } }
  | { type: 'AttachmentAdded'; data: Attachment }
  | { type: 'AttachmentRemoved'; data: { attachmentId: string; removedAt: string } }
  | { type: 'ApplicationSubmitted'; data: { endUse: string; submittedAt: string } }
  | { type: 'CaseCancelled'; data: { reason: string; cancelledAt: string; by: 'APPLICANT' | 'REVIEWER' } };

export type CaseEventType = CaseEvent['type'];
