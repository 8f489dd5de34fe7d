import { eventCodec } from '../shared/codec';
import type { CaseEvent } from './case.events';

/** Version 1 of the filing events knew NEW cases only: they amend and reissue nothing. */
const newCaseOrigin = (data: object) => ({ ...data, amends: null, reissues: null });

/** Version 2 of the filing events came before corrections: they correct no licence. */
const correctsNothing = (data: object) => ({ ...data, corrects: null });

/** Version 1 of these events had no `by`: the person who acted is the envelope's actor. */
const byFromEnvelope = (data: object, metadata: { actor: unknown }) => ({ ...data, by: metadata.actor });

/**
 * The storage format of `case-<caseNo>` streams.
 * - v2 of ApplicationEdited, AttachmentAdded, AttachmentRemoved and ApplicationSubmitted adds
 *   `by` (the actor of the act); v1 events take it from their envelope.
 * - v2 of CaseCancelled replaces `by: 'APPLICANT' | 'REVIEWER'` with the actor itself.
 * - v2 of CaseRegistered and ExemptCaseFiled adds what the case starts from (`amends`, the
 *   case it amends, R-AMEND-1; `reissues`, the cancelled licence, R-BAL-1); v1 events were NEW
 *   cases, read with both null.
 * - v3 of CaseRegistered and ExemptCaseFiled adds `corrects`, the licence a CORRECTION or
 *   MISMATCH_CORRECTION corrects (R-CORR-1, R-MISM-1); older events read it as null.
 */
export const caseCodec = eventCodec<CaseEvent>({
  category: 'case',
  versions: {
    CaseRegistered: 3,
    ExemptCaseFiled: 3,
    ApplicationEdited: 2,
    AttachmentAdded: 2,
    AttachmentRemoved: 2,
    ApplicationSubmitted: 2,
    CaseCancelled: 2,
    CaseClaimed: 1,
    CaseReleased: 1,
    CaseReassigned: 1,
    SupplementRequested: 1,
    SupplementProvided: 1,
    CaseReferredToConsultation: 1,
    ConsultationReplyRecorded: 1,
    ConsultationCompleted: 1,
    ForwardedToSecondReview: 1,
    ReturnedToInitialReview: 1,
    ClosedForAmendment: 1,
    CaseRejected: 1,
    CaseApproved: 1,
    CaseNoteAdded: 1,
    PartiesScreened: 1,
    ScreeningHitDisposed: 1,
  },
  upcasters: {
    CaseRegistered: { 1: newCaseOrigin, 2: correctsNothing },
    ExemptCaseFiled: { 1: newCaseOrigin, 2: correctsNothing },
    ApplicationEdited: { 1: byFromEnvelope },
    AttachmentAdded: { 1: byFromEnvelope },
    AttachmentRemoved: { 1: byFromEnvelope },
    ApplicationSubmitted: { 1: byFromEnvelope },
    CaseCancelled: { 1: byFromEnvelope },
  },
});
