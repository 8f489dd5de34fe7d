import type { LicenceCorrection } from './filing/file-correction';
import type { Actor } from '../shared/actor';
import type { FieldIssue } from '../shared/refusal';
import type { Application } from './application';
import type { Attachment, AttachmentType } from './attachment-types';
import type { ValidityReason } from './review/licence-validity';
import type {
  Assignee,
  ConsultationOpinion,
  ConsultationRequest,
  HitDisposition,
  Recommendation,
  ReviewStage,
  ScreeningHit,
} from './review/review';

/**
 * Events of a `case-<caseNo>` stream: past tense, each a storage format whose schema version
 * and upcasters are in case.codec.ts. `filedBy` and `agentId` record who filed for whom and
 * never change (R-ACC-4); `by` is the person whose act the event records. `warnings` are what
 * the rules flagged without refusing (a CCC check digit), kept for reviewers to see.
 */
export interface CaseRegistered {
  type: 'CaseRegistered';
  data: { caseNo: string; application: Application; warnings: FieldIssue[]; filedBy: Actor; agentId: string | null; registeredAt: string } & CaseOrigin;
}

/**
 * What a case of another kind than NEW starts from: the case closed for amendment it amends
 * (R-AMEND-1), the cancelled licence whose balance it reissues (R-BAL-1), or the licence it
 * corrects with the request and what the licence stated (R-CORR-1, R-MISM-1); null otherwise.
 */
export interface CaseOrigin {
  amends: string | null;
  reissues: string | null;
  corrects: LicenceCorrection | null;
}

/** An exempt case is filed and submitted at once (R-EXEMPT-2). */
export interface ExemptCaseFiled {
  type: 'ExemptCaseFiled';
  data: { caseNo: string; application: Application; warnings: FieldIssue[]; filedBy: Actor; agentId: string | null; endUse: string; filedAt: string } & CaseOrigin;
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

/** Review (case/review/): who works the case. Assignment never changes the status. */
export interface CaseClaimed {
  type: 'CaseClaimed';
  data: { assignee: Assignee; claimedAt: string; by: Actor };
}

export interface CaseReleased {
  type: 'CaseReleased';
  data: { releasedAt: string; by: Actor };
}

export interface CaseReassigned {
  type: 'CaseReassigned';
  data: { assignee: Assignee; reason: string; reassignedAt: string; by: Actor };
}

/** The review clock stops until the applicant sends the documents back (R-REV-4, R-REV-5). */
export interface SupplementRequested {
  type: 'SupplementRequested';
  data: { documents: AttachmentType[]; message: string; replyBy: string; requestedAt: string; resumeTo: ReviewStage; by: Actor };
}

/** Back to the stage the case left (R-REV-5). */
export interface SupplementProvided {
  type: 'SupplementProvided';
  data: { note: string; providedAt: string; resumeTo: ReviewStage; by: Actor };
}

export interface CaseReferredToConsultation {
  type: 'CaseReferredToConsultation';
  data: { agencies: ConsultationRequest[]; note: string; referredAt: string; resumeTo: ReviewStage; by: Actor };
}

/** One agency's opinion, recorded by the reviewer who received it. */
export interface ConsultationReplyRecorded {
  type: 'ConsultationReplyRecorded';
  data: { agency: string; opinion: ConsultationOpinion; note: string; repliedAt: string; by: Actor };
}

/** Every agency has replied: the case goes back to the stage it left. */
export interface ConsultationCompleted {
  type: 'ConsultationCompleted';
  data: { completedAt: string; resumeTo: ReviewStage };
}

export interface ForwardedToSecondReview {
  type: 'ForwardedToSecondReview';
  data: { recommendation: Recommendation; note: string; forwardedAt: string; by: Actor };
}

export interface ReturnedToInitialReview {
  type: 'ReturnedToInitialReview';
  data: { reason: string; returnedAt: string; by: Actor };
}

/** Closed because the data was wrong: the applicant may file an AMENDMENT (R-AMEND-1). */
export interface ClosedForAmendment {
  type: 'ClosedForAmendment';
  data: { reasons: string[]; closedAt: string; by: Actor };
}

export interface CaseRejected {
  type: 'CaseRejected';
  data: { reasons: string[]; rejectedAt: string; by: Actor };
}

/**
 * Approved in second review (R-REV-3), with the licence it issues: its number and validity
 * (R-LIC-1), and why that validity. The `licence-<licenceNo>` stream is opened from this event.
 */
export interface CaseApproved {
  type: 'CaseApproved';
  data: {
    note: string;
    approvedAt: string;
    by: Actor;
    licence: { licenceNo: string; issuedOn: string; validUntil: string; validityMonths: 6 | 24; validityReason: ValidityReason };
  };
}

/** Internal: shown to reviewers and auditors, never to applicants or agents. */
export interface CaseNoteAdded {
  type: 'CaseNoteAdded';
  data: { noteId: string; text: string; addedAt: string; by: Actor };
}

/**
 * The parties were screened against the lists loaded then (R-REV-7): at submission, and again
 * whenever a list is loaded. `hits` are only those the case did not have yet.
 */
export interface PartiesScreened {
  type: 'PartiesScreened';
  data: { lists: string[]; hits: ScreeningHit[]; screenedAt: string; by: Actor };
}

export interface ScreeningHitDisposed {
  type: 'ScreeningHitDisposed';
  data: { hitId: string; disposition: HitDisposition; reason: string; disposedAt: string; by: Actor };
}

export type CaseEvent =
  | CaseRegistered
  | ExemptCaseFiled
  | ApplicationEdited
  | AttachmentAdded
  | AttachmentRemoved
  | ApplicationSubmitted
  | CaseCancelled
  | CaseClaimed
  | CaseReleased
  | CaseReassigned
  | SupplementRequested
  | SupplementProvided
  | CaseReferredToConsultation
  | ConsultationReplyRecorded
  | ConsultationCompleted
  | ForwardedToSecondReview
  | ReturnedToInitialReview
  | ClosedForAmendment
  | CaseRejected
  | CaseApproved
  | CaseNoteAdded
  | PartiesScreened
  | ScreeningHitDisposed;
