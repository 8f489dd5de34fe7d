import { fold } from '../shared/decider';
import { deciderSpec } from '../testing/decider-spec';
import { licenceDecider } from './licence.decider';
import type { ReissueBalance } from './licence.commands';
import type { LicenceEvent } from './licence.events';
import { cancelled, customs, expired, holder, inValidity, issued } from './licence.fixtures';

const later = '2027-01-06T02:00:00.000Z';
import { licenceAllowedActions } from './transitions';

const spec = deciderSpec(licenceDecider);
const reissue = (caseNo = 'SHTC-2026-000042'): ReissueBalance => ({ type: 'ReissueBalance', caseNo, by: holder, at: later });
const reissued = (caseNo = 'SHTC-2026-000042'): LicenceEvent => ({ type: 'BalanceReissued', data: { caseNo, reissuedAt: later, by: holder } });

describe('licence decider: R-BAL-1 the balance of a cancelled licence is reissued once', () => {
  it('records the case that reissues the balance of a cancelled licence; the licence stays CANCELLED', () => {
    spec.given([issued(), cancelled()]).when(reissue()).then([reissued()]);
    expect(fold(licenceDecider, [issued(), cancelled(), reissued()])).toMatchObject({ status: 'CANCELLED', reissuedBy: 'SHTC-2026-000042' });
  });

  it('refuses a second reissue, naming the case that reissued it (409)', () => {
    spec.given([issued(), cancelled(), reissued()]).when(reissue('SHTC-2026-000043')).thenRefuses('R-BAL-1', { kind: 'CONFLICT' });
    const refusal = licenceDecider.decide(reissue('SHTC-2026-000043'), fold(licenceDecider, [issued(), cancelled(), reissued()]));
    expect(refusal).toMatchObject({ details: { reissuedBy: 'SHTC-2026-000042' } });
  });

  it('refuses a licence that is valid, or ended otherwise than by its holder cancelling it', () => {
    spec.given([issued()]).when(reissue()).thenRefuses('R-BAL-1', { kind: 'CONFLICT' });
    spec.given([issued(), expired()]).when(reissue()).thenRefuses('R-BAL-1', { kind: 'CONFLICT' });
  });

  it('is the holder side\'s, and not offered among the licence\'s actions (a reissue is filed as a case)', () => {
    spec.given([issued(), cancelled()]).when({ ...reissue(), by: customs }).thenRefuses('R-ACC-5', { kind: 'FORBIDDEN' });
    expect(licenceAllowedActions(fold(licenceDecider, [issued(), cancelled()]), 'HOLDER', inValidity)).toEqual([]);
  });
});
