import { eventCodec } from '../shared/codec';
import type { LicenceEvent } from './licence.events';

/**
 * The storage format of `licence-<licenceNo>` streams.
 * - v2 of DeclarationCompared adds `correctionCaseNo` (the mismatch correction that compared it
 *   again, R-MISM-1); v1 comparisons were customs' own.
 */
export const licenceCodec = eventCodec<LicenceEvent>({
  category: 'licence',
  versions: { LicenceIssued: 2, DeclarationCompared: 2, GoodsReleased: 1, LicenceExhausted: 1, LicenceExpired: 1, LicenceCancelled: 1, BalanceReissued: 1, LicenceCorrected: 1, LicenceClosedOut: 1 },
  upcasters: {
    DeclarationCompared: { 1: (data: object) => ({ ...data, correctionCaseNo: null }) },
    // v2 added closeOutBy (R-EXEMPT-4). A v1 licence was issued before close-outs were tracked:
    // it owes none on record (its case's returnBy lives in another stream, which a codec does not read).
    LicenceIssued: { 1: (data) => ({ ...data, closeOutBy: null }) },
  },
});
