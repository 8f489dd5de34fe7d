import { eventCodec } from '../shared/codec';
import type { LicenceEvent } from './licence.events';

/** The storage format of `licence-<licenceNo>` streams. */
export const licenceCodec = eventCodec<LicenceEvent>({
  category: 'licence',
  versions: { LicenceIssued: 2, DeclarationCompared: 1, GoodsReleased: 1, LicenceExhausted: 1, LicenceExpired: 1, LicenceCancelled: 1, BalanceReissued: 1, LicenceClosedOut: 1 },
  upcasters: {
    // v2 added closeOutBy (R-EXEMPT-4). A v1 licence was issued before close-outs were tracked:
    // it owes none on record (its case's returnBy lives in another stream, which a codec does not read).
    LicenceIssued: { 1: (data) => ({ ...data, closeOutBy: null }) },
  },
});
