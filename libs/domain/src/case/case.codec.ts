import { eventCodec } from '../shared/codec';
import type { CaseEvent } from './case.events';

/** Version 1 of these events had no `by`: the person who acted is the envelope's actor. */
const byFromEnvelope = (data: object, metadata: { actor: unknown }) => ({ ...data, by: metadata.actor });

/**
 * The storage format of `case-<caseNo>` streams.
 * - v2 of ApplicationEdited, AttachmentAdded, AttachmentRemoved and ApplicationSubmitted adds
 *   `by` (the actor of the act); v1 events take it from their envelope.
 * - v2 of CaseCancelled replaces `by: 'APPLICANT' | 'REVIEWER'` with the actor itself.
 */
export const caseCodec = eventCodec<CaseEvent>({
  category: 'case',
  versions: {
    CaseRegistered: 1,
    ExemptCaseFiled: 1,
    ApplicationEdited: 2,
    AttachmentAdded: 2,
    AttachmentRemoved: 2,
    ApplicationSubmitted: 2,
    CaseCancelled: 2,
  },
  upcasters: {
    ApplicationEdited: { 1: byFromEnvelope },
    AttachmentAdded: { 1: byFromEnvelope },
    AttachmentRemoved: { 1: byFromEnvelope },
    ApplicationSubmitted: { 1: byFromEnvelope },
    CaseCancelled: { 1: byFromEnvelope },
  },
});
