import { deciderSpec } from '../../testing/decider-spec';
import { applicant, at, fileCommand, item, standardApplication } from '../case.fixtures';
import { caseDecider } from '../case.decider';
import type { CaseEvent } from '../case.events';
import type { CancelledLicence } from './file-balance-reissue';

const spec = deciderSpec(caseDecider);
const base = standardApplication();
/** LIC-2026-000001, cancelled with 60.5 of item 1 and all 10 of item 2 not exported. */
const licence = (overrides: Partial<CancelledLicence> = {}): CancelledLicence => ({
  licenceNo: 'LIC-2026-000001',
  status: 'CANCELLED',
  holderId: '12345678',
  route: 'STANDARD',
  destination: base.destination,
  buyer: base.buyer,
  consignee: base.consignee,
  endUser: base.endUser,
  items: [
    { ...item(1), shipped: '40', balance: '60.5' },
    { ...item(2, { goodsName: 'Optical isolator', cccCode: '90013000002', quantity: '10', unit: 'KGM' }), shipped: '0', balance: '10' },
  ],
  reissuedBy: null,
  ...overrides,
});
const reissue = (items = [item(1, { quantity: '60.5' }), item(2, { goodsName: 'Optical isolator', cccCode: '90013000002', quantity: '10', unit: 'KGM' })]) =>
  standardApplication({ kind: 'BALANCE_REISSUE', items });
const reissuedRegistered = (application = reissue()): CaseEvent => ({
  type: 'CaseRegistered',
  data: { caseNo: 'SHTC-2026-000001', application, warnings: [], filedBy: applicant, agentId: null, amends: null, reissues: 'LIC-2026-000001', corrects: null, registeredAt: at },
});

describe('case decider: R-BAL-1/R-BAL-2 filing a balance reissue (餘額重簽)', () => {
  it('registers a case for the balance of each item, recording the cancelled licence it reissues', () => {
    spec.given([]).when(fileCommand(reissue(), { cancelledLicence: licence() })).then([reissuedRegistered()]);
  });

  it('takes less than the balance, and a part of the items, numbered afresh', () => {
    const part = reissue([item(1, { goodsName: 'Optical isolator', cccCode: '90013000002', quantity: '4.5', unit: 'KGM' })]);
    spec.given([]).when(fileCommand(part, { cancelledLicence: licence() })).then([reissuedRegistered(part)]);
  });

  it('refuses a quantity above the balance of its item (R-BAL-2), naming it', () => {
    spec.given([]).when(fileCommand(reissue([item(1, { quantity: '60.5001' })]), { cancelledLicence: licence() })).thenRefuses('R-BAL-2', { kind: 'RULE', field: 'items[0].quantity' });
    spec.given([]).when(fileCommand(reissue([item(1, { quantity: '100.5' })]), { cancelledLicence: licence() })).thenRefuses('R-BAL-2', { field: 'items[0].quantity' });
  });

  it('refuses an item not on the licence, and the same licence item twice (R-BAL-2)', () => {
    spec.given([]).when(fileCommand(reissue([item(1, { model: 'FL-300', quantity: '1' })]), { cancelledLicence: licence() })).thenRefuses('R-BAL-2', { field: 'items[0]' });
    spec.given([]).when(fileCommand(reissue([item(1, { quantity: '30' }), item(2, { quantity: '30' })]), { cancelledLicence: licence() })).thenRefuses('R-BAL-2', { field: 'items[1]' });
  });

  it.each(['VALID', 'EXPIRED', 'EXHAUSTED'] as const)('refuses a licence that is %s: only a cancelled one is reissued (R-BAL-1, 422)', (status) => {
    spec.given([]).when(fileCommand(reissue(), { cancelledLicence: licence({ status }) })).thenRefuses('R-BAL-1', { kind: 'RULE', field: 'cancelledLicenceNo' });
  });

  it("answers another holder's licence, and a number no licence has, as not found", () => {
    spec.given([]).when(fileCommand(reissue(), { cancelledLicence: licence({ holderId: '87654321' }) })).thenRefuses('R-BAL-1', { kind: 'NOT_FOUND' });
    spec.given([]).when(fileCommand(reissue(), { cancelledLicence: licence({ status: 'NONE', holderId: null }) })).thenRefuses('R-BAL-1', { kind: 'NOT_FOUND' });
    spec.given([]).when(fileCommand(reissue())).thenRefuses('R-BAL-1', { kind: 'INVALID', field: 'cancelledLicenceNo' });
  });

  it('refuses a second reissue of the same licence (409), naming the case that reissued it', () => {
    const refusal = caseDecider.decide(fileCommand(reissue(), { cancelledLicence: licence({ reissuedBy: 'SHTC-2026-000042' }) }), caseDecider.initialState);
    expect(refusal).toMatchObject({ rule: 'R-BAL-1', kind: 'CONFLICT', details: { reissuedBy: 'SHTC-2026-000042' } });
  });

  it('keeps the route, destination and parties of the licence (R-BAL-1)', () => {
    spec.given([]).when(fileCommand({ ...reissue(), destination: 'FR' }, { cancelledLicence: licence() })).thenRefuses('R-BAL-1', { field: 'destination' });
    spec.given([]).when(fileCommand({ ...reissue(), endUser: { name: 'Other', address: 'x', country: 'DE' } }, { cancelledLicence: licence() })).thenRefuses('R-BAL-1', { field: 'endUser' });
    spec.given([]).when(fileCommand(reissue(), { cancelledLicence: licence({ route: 'EXEMPT' }) })).thenRefuses('R-BAL-1', { field: 'route' });
  });
});
