import type { Actor } from '../../shared/actor';
import type { FreeText } from '../../values';
import { FIVE_DOCUMENTS, applicant, attached, registered, standardApplication, submitted } from '../case.fixtures';
import type { Application } from '../application';
import type { CaseEvent } from '../case.events';
import type { Assignee, ScreeningHit } from './review';

/** Builders for review specs: two reviewers, a submitted case, and the events of each review step. */
export const submittedAt = '2026-12-01T02:00:00.000Z';
export const reviewAt = '2026-12-02T03:00:00.000Z';
export const secondAt = '2026-12-03T03:00:00.000Z';

export const alice: Actor = { accountId: 'acc-r1', role: 'REVIEWER', businessId: 'R001' };
export const bob: Actor = { accountId: 'acc-r2', role: 'REVIEWER', businessId: 'R002' };
export const carol: Actor = { accountId: 'acc-r3', role: 'REVIEWER', businessId: 'R003' };
export const operator: Actor = { accountId: 'acc-ops', role: 'ADMIN', businessId: 'OPS' };
export const assigneeOf = (actor: Actor, name = `Reviewer ${actor.businessId}`): Assignee => ({ accountId: actor.accountId, businessId: actor.businessId, name });

export const text = (value: string) => value as FreeText;

/** A standard case with its five documents, submitted on 2026-12-01: in initial review. */
export const submittedCase = (application: Application = standardApplication()): CaseEvent[] => [
  registered(application),
  ...FIVE_DOCUMENTS.map((type) => attached(type)),
  submitted(submittedAt),
];

export const claimed = (by: Actor, at = reviewAt): CaseEvent => ({ type: 'CaseClaimed', data: { assignee: assigneeOf(by), claimedAt: at, by } });

export const forwarded = (by: Actor, at = reviewAt): CaseEvent => ({
  type: 'ForwardedToSecondReview',
  data: { recommendation: 'APPROVE', note: 'Parties and goods check out', forwardedAt: at, by },
});

export const supplementRequested = (by: Actor, resumeTo: 'INITIAL_REVIEW' | 'SECOND_REVIEW' = 'INITIAL_REVIEW'): CaseEvent => ({
  type: 'SupplementRequested',
  data: { documents: ['BUSINESS_LICENCE'], message: 'Please send the business licence', replyBy: '2026-12-10', requestedAt: reviewAt, resumeTo, by },
});

export const referred = (by: Actor, agencies = ['MOEA-IDB', 'MND']): CaseEvent => ({
  type: 'CaseReferredToConsultation',
  data: { agencies: agencies.map((agency) => ({ agency, dueDate: '2026-12-20' })), note: 'End user unclear', referredAt: reviewAt, resumeTo: 'INITIAL_REVIEW', by },
});

export const replied = (agency: string, by: Actor, at = secondAt): CaseEvent => ({
  type: 'ConsultationReplyRecorded',
  data: { agency, opinion: 'NO_OBJECTION', note: 'No objection', repliedAt: at, by },
});

export const consultationCompleted = (at = secondAt): CaseEvent => ({ type: 'ConsultationCompleted', data: { completedAt: at, resumeTo: 'INITIAL_REVIEW' } });

export const hit = (overrides: Partial<ScreeningHit> = {}): ScreeningHit => ({
  hitId: 'hit-1',
  party: 'BUYER',
  name: 'Rhein Optics GmbH',
  listedName: 'RHEIN OPTICS',
  source: 'EU-CONSOLIDATED',
  listEntryId: 'EU-123',
  score: 1,
  ...overrides,
});

export const screenedWith = (hits: ScreeningHit[], by: Actor = applicant, lists = ['EU-CONSOLIDATED@2026-11-30']): CaseEvent => ({
  type: 'PartiesScreened',
  data: { lists, hits, screenedAt: submittedAt, by },
});
