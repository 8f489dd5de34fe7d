import type { Actor } from '../shared/actor';
import type { FieldIssue } from '../shared/refusal';
import type { Application } from './application';
import type { Attachment } from './attachment-types';

/**
 * Events of a `case-<caseNo>` stream: past tense, each a storage format whose schema version
 * and upcasters are in case.codec.ts. `filedBy` and `agentId` record who filed for whom and
 * never change (R-ACC-4); `by` is the person whose act the event records. `warnings` are what
 * the rules flagged without refusing (a CCC check digit), kept for reviewers to see.
 */
export interface CaseRegistered {
  type: 'CaseRegistered';
  data: { caseNo: string; application: Application; warnings: FieldIssue[]; filedBy: Actor; agentId: string | null; registeredAt: string };
}

/** An exempt case is filed and submitted at once (R-EXEMPT-2). */
export interface ExemptCaseFiled {
  type: 'ExemptCaseFiled';
  data: { caseNo: string; application: Application; warnings: FieldIssue[]; filedBy: Actor; agentId: string | null; endUse: string; filedAt: string };
}

export interface ApplicationEdited {
  type: 'ApplicationEdited';
  data: { application: Application; warnings: FieldIssue[]; dataVersion: number; editedAt: string; by: Actor };
}

export interface AttachmentAdded {
  type: 'AttachmentAdded';
  data: Attachment & { by: Actor };
}

export interface AttachmentRemoved {
  type: 'AttachmentRemoved';
  data: { attachmentId: string; removedAt: string; by: Actor };
}

export interface ApplicationSubmitted {
  type: 'ApplicationSubmitted';
  data: { endUse: string; submittedAt: string; by: Actor };
}

/** Before submission by the applicant (R-NEW-5); after it, by a reviewer on the applicant's request. */
export interface CaseCancelled {
  type: 'CaseCancelled';
  data: { reason: string; cancelledAt: string; by: Actor };
}

export type CaseEvent =
  | CaseRegistered
  | ExemptCaseFiled
  | ApplicationEdited
  | AttachmentAdded
  | AttachmentRemoved
  | ApplicationSubmitted
  | CaseCancelled;
