import { fold } from '../shared/decider';
import { deciderSpec } from '../testing/decider-spec';
import { caseDecider } from '../case/case.decider';
import type { CaseEvent } from '../case/case.events';
import type { FiledCase } from '../case/case.state';
import { bob, claimed, forwarded, alice, submittedCase } from '../case/review/review.fixtures';
import { standardApplication } from '../case/case.fixtures';
import { licenceDecider } from './licence.decider';
import type { LicenceEvent } from './licence.events';

const approvedAt = '2026-12-04T03:00:00.000Z';
const approval: CaseEvent = {
  type: 'CaseApproved',
  data: { note: 'ok', approvedAt, by: bob, licence: { licenceNo: 'LIC-2026-000001', issuedOn: '2026-12-04', validUntil: '2027-06-03', validityMonths: 6, validityReason: 'STANDARD' } },
};
const inSecondReview = [...submittedCase(), claimed(alice), forwarded(alice)];
const caseOf = (events: CaseEvent[]) => fold(caseDecider, events) as FiledCase;
const spec = deciderSpec(licenceDecider);
const application = standardApplication();

const issued: LicenceEvent = {
  type: 'LicenceIssued',
  data: {
    licenceNo: 'LIC-2026-000001', caseNo: 'SHTC-2026-000001', holderId: '12345678', agentId: null,
    destination: 'DE', buyer: application.buyer, consignee: application.consignee, endUser: application.endUser,
    partialShipments: true, items: application.items, issuedOn: '2026-12-04', validUntil: '2027-06-03',
    validityMonths: 6, validityReason: 'STANDARD', issuedAt: approvedAt, by: bob, closeOutBy: null,
  },
};

describe('licence decider: issue (R-LIC-1)', () => {
  it('opens the licence with the approved goods, parties and validity', () => {
    spec.given([]).when({ type: 'IssueLicence', approvedCase: caseOf([...inSecondReview, approval]), at: approvedAt }).then([issued]);
  });
  it('records nothing when the licence exists already (a retry, or the reactor after a crash)', () => {
    spec.given([issued]).when({ type: 'IssueLicence', approvedCase: caseOf([...inSecondReview, approval]), at: approvedAt }).then([]);
  });
  it('refuses a case that is not approved', () => {
    spec.given([]).when({ type: 'IssueLicence', approvedCase: caseOf(inSecondReview), at: approvedAt }).thenRefuses('R-LIC-1', { kind: 'CONFLICT' });
  });
});
