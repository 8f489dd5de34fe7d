import type { AttachmentType } from '../attachment-types';
import type { Actor } from '../../shared/actor';

/** The reviewer a case is assigned to: who works it now, as the queues and the case view show them. */
export interface Assignee {
  accountId: string;
  businessId: string;
  name: string;
}

/** The stages a case leaves for a supplement or a consultation, and returns to (R-REV-5). */
export const REVIEW_STAGES = ['INITIAL_REVIEW', 'RETURNED_TO_INITIAL_REVIEW', 'SECOND_REVIEW'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export const RECOMMENDATIONS = ['APPROVE', 'REJECT'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const CONSULTATION_OPINIONS = ['NO_OBJECTION', 'OBJECTION'] as const;
export type ConsultationOpinion = (typeof CONSULTATION_OPINIONS)[number];

/** An agency a case is referred to, and the date its opinion is due. */
export interface ConsultationRequest {
  agency: string;
  dueDate: string;
}

export interface ConsultationReply {
  agency: string;
  opinion: ConsultationOpinion;
  note: string;
  repliedAt: string;
  by: Actor;
}

/** One referral: the agencies asked, and each reply as it came (kept, R-IRNK-5). */
export interface Consultation {
  referredAt: string;
  note: string;
  agencies: ConsultationRequest[];
  replies: ConsultationReply[];
  /** The stage the case returns to once every agency has replied. */
  resumeTo: ReviewStage;
  completedAt: string | null;
}

export interface SupplementRequest {
  documents: AttachmentType[];
  message: string;
  replyBy: string;
  requestedAt: string;
  resumeTo: ReviewStage;
}

/** The parties screened against the lists (R-REV-7). */
export const SCREENED_PARTIES = ['BUYER', 'CONSIGNEE', 'END_USER'] as const;
export type ScreenedParty = (typeof SCREENED_PARTIES)[number];

/** A party name close to a listed name: each matching party is its own hit (R-REV-7). */
export interface ScreeningHit {
  /** Stable for the same party and list entry, so screening again finds no new hit. */
  hitId: string;
  party: ScreenedParty;
  name: string;
  listedName: string;
  source: string;
  listEntryId: string;
  /** 1 for names equal once normalised; below 1 for close ones. */
  score: number;
}

export const HIT_DISPOSITIONS = ['TRUE_MATCH', 'FALSE_MATCH'] as const;
export type HitDisposition = (typeof HIT_DISPOSITIONS)[number];

export interface RecordedHit extends ScreeningHit {
  disposition: HitDisposition | 'OPEN';
  reason: string | null;
  disposedBy: Actor | null;
}

export interface InternalNote {
  noteId: string;
  text: string;
  addedAt: string;
  by: Actor;
}

/** What a decision recorded: the outcome, by whom, when and why (statistics and audit read it). */
export interface CaseDecision {
  outcome: 'APPROVED' | 'REJECTED' | 'CLOSED_FOR_AMENDMENT' | 'CANCELLED';
  at: string;
  by: Actor;
  reasons: string[];
}
