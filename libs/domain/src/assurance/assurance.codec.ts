import { eventCodec } from '../shared/codec';
import type { AssuranceEvent } from './assurance.events';

/** The storage format of `assurance-<assuranceNo>` streams. v2 of AssuranceEdited adds `by`; v1 takes it from the envelope. */
export const assuranceCodec = eventCodec<AssuranceEvent>({
  category: 'assurance',
  versions: { AssuranceRegistered: 1, AssuranceUnlocked: 1, AssuranceEdited: 2 },
  upcasters: { AssuranceEdited: { 1: (data: object, metadata) => ({ ...data, by: metadata.actor }) } },
});
