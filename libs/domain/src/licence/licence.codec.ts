import { eventCodec } from '../shared/codec';
import type { LicenceEvent } from './licence.events';

/** The storage format of `licence-<licenceNo>` streams. */
export const licenceCodec = eventCodec<LicenceEvent>({
  category: 'licence',
  versions: { LicenceIssued: 1, DeclarationCompared: 1, GoodsReleased: 1, LicenceExhausted: 1, LicenceExpired: 1, LicenceCancelled: 1, BalanceReissued: 1 },
  upcasters: {},
});
