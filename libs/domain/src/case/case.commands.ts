import type { AssuranceSnapshot } from '../assurance/assurance.decider';
import type { Actor } from '../shared/actor';
import type { FieldIssue } from '../shared/refusal';
import type { FreeText } from '../values';
import type { Application } from './application';
import type { CaseApproved } from './case.events';
import type { Attachment, AttachmentType } from './attachment-types';
import type { AmendedCase } from './filing/file-amendment';
import type { CancelledLicence } from './filing/file-balance-reissue';
import type { CorrectionRequest, LicenceToCorrect } from './filing/file-correction';
import type { LicenceTerms } from './review/licence-validity';
import type { Assignee, ConsultationOpinion, ConsultationRequest, HitDisposition, Recommendation, ScreeningHit } from './review/review';

/** Commands on a case: each names who asks (`by`) and when (`at`), and is decided in its own file. */

export interface FileApplication {
  type: 'FileApplication';
  caseNo: string;
  application: Application;
  /** What the field checks flagged without refusing. */
  warnings: FieldIssue[];
  /** The agent that files for the applicant, or null when the applicant files itself (R-ACC-4). */
  agentId: string | null;
  /** The Iran/North Korea assurance the application is filed from (R-IRNK-3), as the handler read it. */
  assurance: AssuranceSnapshot | null;
  /** AMENDMENT: the case it quotes (R-AMEND-1), as the handler read it. */
  original?: AmendedCase | null;
  /** BALANCE_REISSUE: the cancelled licence it quotes (R-BAL-1), as the handler read it. */
  cancelledLicence?: CancelledLicence | null;
  /** CORRECTION, MISMATCH_CORRECTION: the request and the licence it quotes (R-CORR-1, R-MISM-1), as the handler read it. */
  correction?: { request: CorrectionRequest; licence: LicenceToCorrect } | null;
  /** Exempt route: the end use is given at filing, which submits the case (R-EXEMPT-2). */
  endUse: string | null;
  /** Exempt route: the parties screened at that submission (R-REV-7). */
  screening?: Screening | null;
  by: Actor;
  at: string;
}

export interface EditApplication {
  type: 'EditApplication';
  application: Application;
  warnings: FieldIssue[];
  assurance: AssuranceSnapshot | null;
  by: Actor;
  at: string;
}

/** The attachment as uploaded: the decider adds the data version it is for. */
export type NewAttachment = Omit<Attachment, 'dataVersion' | 'addedAt'>;

export interface AddAttachment {
  type: 'AddAttachment';
  attachment: NewAttachment;
  by: Actor;
  at: string;
}

export interface RemoveAttachment {
  type: 'RemoveAttachment';
  attachmentId: string;
  by: Actor;
  at: string;
}

export interface SubmitApplication {
  type: 'SubmitApplication';
  endUse: string;
  /** The parties screened against the lists loaded now (R-REV-7); absent when none is loaded. */
  screening?: Screening | null;
  by: Actor;
  at: string;
}

/** What screening the parties against the loaded lists found (R-REV-7). */
export interface Screening {
  lists: string[];
  hits: ScreeningHit[];
}

/** The applicant withdraws its case before submission (R-NEW-5). */
export interface CancelApplication {
  type: 'CancelApplication';
  reason: FreeText;
  by: Actor;
  at: string;
}

/** Review commands (case/review/). A reviewer assigns the case to itself. */
export interface ClaimCase {
  type: 'ClaimCase';
  /** The caller, with the name the queues show. */
  assignee: Assignee;
  by: Actor;
  at: string;
}

export interface ReleaseCase {
  type: 'ReleaseCase';
  by: Actor;
  at: string;
}

export interface ReassignCase {
  type: 'ReassignCase';
  /** The account the caller named, as the handler found it; null when no account has that business id. */
  to: (Assignee & { role: string }) | null;
  reason: FreeText;
  by: Actor;
  at: string;
}

export interface RequestSupplement {
  type: 'RequestSupplement';
  documents: AttachmentType[];
  message: FreeText;
  /** The date the applicant is to answer by. */
  replyBy: string;
  by: Actor;
  at: string;
}

/** The applicant sends back what was asked for (R-REV-5). */
export interface ProvideSupplement {
  type: 'ProvideSupplement';
  /** Optional: null when none was written. */
  note: FreeText | null;
  by: Actor;
  at: string;
}

export interface ReferToConsultation {
  type: 'ReferToConsultation';
  agencies: ConsultationRequest[];
  /** Optional: null when none was written. */
  note: FreeText | null;
  by: Actor;
  at: string;
}

export interface RecordConsultationReply {
  type: 'RecordConsultationReply';
  agency: string;
  opinion: ConsultationOpinion;
  /** Optional: null when none was written. */
  note: FreeText | null;
  by: Actor;
  at: string;
}

export interface ForwardToSecondReview {
  type: 'ForwardToSecondReview';
  recommendation: Recommendation;
  /** Optional: null when none was written. */
  note: FreeText | null;
  by: Actor;
  at: string;
}

export interface ReturnToInitialReview {
  type: 'ReturnToInitialReview';
  reason: FreeText;
  by: Actor;
  at: string;
}

export interface CloseForAmendment {
  type: 'CloseForAmendment';
  reasons: FreeText[];
  by: Actor;
  at: string;
}

export interface RejectCase {
  type: 'RejectCase';
  reasons: FreeText[];
  by: Actor;
  at: string;
}

export interface ApproveCase {
  type: 'ApproveCase';
  /** Optional: null when none was written. */
  note: FreeText | null;
  /**
   * The licence number allocated and the facts its validity depends on (R-LIC-1); or, for a
   * correction, the licence it corrects with the validity it has, which a correction never
   * extends (R-LIC-2).
   */
  licence: LicenceTerms | { corrected: CaseApproved['data']['licence'] };
  by: Actor;
  at: string;
}

/** After submission only a reviewer cancels, on the applicant's request (R-NEW-5). */
export interface CancelOnRequest {
  type: 'CancelOnRequest';
  reason: FreeText;
  by: Actor;
  at: string;
}

export interface AddNote {
  type: 'AddNote';
  noteId: string;
  text: FreeText;
  by: Actor;
  at: string;
}

/** The parties screened again when a list is loaded (R-REV-7): an operator's act. */
export interface ScreenParties {
  type: 'ScreenParties';
  screening: Screening;
  by: Actor;
  at: string;
}

export interface DisposeScreeningHit {
  type: 'DisposeScreeningHit';
  hitId: string;
  disposition: HitDisposition;
  reason: FreeText;
  by: Actor;
  at: string;
}

export type FilingCommand = FileApplication | EditApplication | AddAttachment | RemoveAttachment | SubmitApplication | CancelApplication;

export type ReviewCommand =
  | ClaimCase
  | ReleaseCase
  | ReassignCase
  | RequestSupplement
  | ProvideSupplement
  | ReferToConsultation
  | RecordConsultationReply
  | ForwardToSecondReview
  | ReturnToInitialReview
  | CloseForAmendment
  | RejectCase
  | ApproveCase
  | CancelOnRequest
  | AddNote
  | ScreenParties
  | DisposeScreeningHit;

export type CaseCommand = FilingCommand | ReviewCommand;

export type CaseCommandType = CaseCommand['type'];
