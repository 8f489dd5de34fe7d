import { fold } from '../shared/decider';
import { deciderSpec } from '../testing/decider-spec';
import type { FreeText } from '../values';
import { item, standardApplication } from '../case/case.fixtures';
import { caseDecider } from '../case/case.decider';
import type { CaseEvent } from '../case/case.events';
import type { FiledCase } from '../case/case.state';
import type { Application } from '../case/application';
import { alice, bob, claimed, forwarded, submittedCase } from '../case/review/review.fixtures';
import { licenceDecider } from './licence.decider';
import type { LicenceEvent } from './licence.events';
import { declaration, inValidity, issued, licenceItems, release, released } from './licence.fixtures';
import type { IssuedLicence } from './licence.state';

const spec = deciderSpec(licenceDecider);
const approvedAt = '2027-01-06T03:00:00.000Z';
const licence = issued().data;
const terms = { destination: licence.destination, buyer: licence.buyer, consignee: licence.consignee, endUser: licence.endUser, partialShipments: licence.partialShipments, items: licence.items };

/** A correction case of LIC-2026-000001 (version `version`), approved by bob after alice forwarded it. */
function approvedCorrection(application: Application, options: { caseNo?: string; version?: number; declarationNo?: string } = {}): FiledCase {
  const { caseNo = 'SHTC-2027-000009', version = 1, declarationNo } = options;
  const [registered, ...rest] = submittedCase(application);
  const corrects = {
    licenceNo: 'LIC-2026-000001', version, licensed: terms, description: 'wrong unit' as FreeText,
    declarationNo: declarationNo ?? null, coProcessingCode: declarationNo ? 'M0000000000' : null,
  };
  const opened = { ...registered, data: { ...(registered.data as object), caseNo, corrects } } as CaseEvent;
  return fold(caseDecider, [
    opened,
    ...rest,
    claimed(alice),
    forwarded(alice),
    { type: 'CaseApproved', data: { note: '', approvedAt, by: bob, licence: { licenceNo: 'LIC-2026-000001', issuedOn: licence.issuedOn, validUntil: licence.validUntil, validityMonths: 6, validityReason: 'STANDARD' } } },
  ]) as FiledCase;
}
const correctionOf = (items = [licenceItems()[0], item(2, { cccCode: '90013000002', quantity: '12', unit: 'KGM', amount: '600', currency: 'EUR' })]) =>
  standardApplication({ kind: 'CORRECTION', items });
const correct = (approvedCase: FiledCase) => ({ type: 'CorrectLicence' as const, approvedCase, at: approvedAt });
const stateOf = (events: LicenceEvent[]) => fold(licenceDecider, events) as IssuedLicence;

describe('licence decider: an approved correction replaces what the licence states (R-CORR-1)', () => {
  it('records the next version with the corrected terms, keeping the number and validity (R-LIC-2)', () => {
    const approved = approvedCorrection(correctionOf());
    spec.given([issued()]).when(correct(approved)).then([
      {
        type: 'LicenceCorrected',
        data: {
          caseNo: 'SHTC-2027-000009', kind: 'CORRECTION', version: 2, description: 'wrong unit',
          destination: 'DE', buyer: approved.application.buyer, consignee: approved.application.consignee, endUser: approved.application.endUser,
          partialShipments: true, items: approved.application.items, correctedAt: approvedAt, by: bob,
        },
      },
    ]);
    const after = stateOf([issued(), ...(licenceDecider.decide(correct(approved), stateOf([issued()])) as LicenceEvent[])]);
    expect(after).toMatchObject({ licenceNo: 'LIC-2026-000001', status: 'VALID', version: 2, validUntil: licence.validUntil, corrections: [{ caseNo: 'SHTC-2027-000009', version: 2 }] });
    expect(after.items[1]).toMatchObject({ quantity: '12', shipped: '0', balance: '12' });
  });

  it('records nothing when the same correction is applied again (a retry, or the worker after a crash)', () => {
    const approved = approvedCorrection(correctionOf());
    const first = licenceDecider.decide(correct(approved), stateOf([issued()])) as LicenceEvent[];
    spec.given([issued(), ...first]).when(correct(approved)).then([]);
  });

  it('is refused after a release, pointing to balance reissue (R-BAL-3)', () => {
    spec.given([issued(), released([{ itemNo: 1, quantity: '1', balance: '99.5' }])]).when(correct(approvedCorrection(correctionOf()))).thenRefuses('R-BAL-3', { kind: 'RULE' });
  });

  it('is refused when another correction was approved since the case was filed (409)', () => {
    const first = licenceDecider.decide(correct(approvedCorrection(correctionOf(), { caseNo: 'SHTC-2027-000008' })), stateOf([issued()])) as LicenceEvent[];
    spec.given([issued(), ...first]).when(correct(approvedCorrection(correctionOf()))).thenRefuses('R-CORR-1', { kind: 'CONFLICT' });
  });

  it('is refused from a case that is not an approved correction of this licence', () => {
    const notApproved = fold(caseDecider, submittedCase(correctionOf())) as FiledCase;
    spec.given([issued()]).when(correct(notApproved)).thenRefuses('R-CORR-1', { kind: 'CONFLICT' });
  });
});

describe('licence decider: an approved mismatch correction has the declaration compared again (R-MISM-1)', () => {
  // Customs declared item 2 in pieces (PCE); the licence said kilograms.
  const inPieces = declaration({ declarationNo: 'D1', items: [{ itemNo: 2, cccCode: '90013000002', quantity: '5', unit: 'PCE', amount: '250', currency: 'EUR' }] });
  const mismatched = () => {
    const events = licenceDecider.decide(inPieces, stateOf([issued()])) as LicenceEvent[];
    expect(events).toMatchObject([{ type: 'DeclarationCompared', data: { result: 'MISMATCH' } }]);
    return [issued(), ...events];
  };

  it('records the corrected licence, then a MATCH for the declaration that names the correction, for customs', () => {
    const inPcs = standardApplication({ kind: 'MISMATCH_CORRECTION', items: [licenceItems()[0], { ...licenceItems()[1], unit: 'PCE' }] });
    const decided = licenceDecider.decide(correct(approvedCorrection(inPcs, { declarationNo: 'D1' })), stateOf(mismatched())) as LicenceEvent[];
    expect(decided).toMatchObject([
      { type: 'LicenceCorrected', data: { kind: 'MISMATCH_CORRECTION', version: 2 } },
      { type: 'DeclarationCompared', data: { declarationNo: 'D1', result: 'MATCH', differences: [], coProcessingCode: null, correctionCaseNo: 'SHTC-2027-000009', by: bob } },
    ]);
    // Customs may now release under the declaration.
    const after = stateOf([...mismatched(), ...decided]);
    expect(licenceDecider.decide(release({ declarationNo: 'D1', items: [{ itemNo: 2, quantity: '5' }], at: inValidity }), after)).toMatchObject([{ type: 'GoodsReleased' }]);
  });

  it('records a MISMATCH again, with each difference, when the correction does not cure it', () => {
    const stillKgm = standardApplication({ kind: 'MISMATCH_CORRECTION', items: [licenceItems()[0], { ...licenceItems()[1], amount: '800' }] });
    const decided = licenceDecider.decide(correct(approvedCorrection(stillKgm, { declarationNo: 'D1' })), stateOf(mismatched())) as LicenceEvent[];
    expect(decided[1]).toMatchObject({ type: 'DeclarationCompared', data: { result: 'MISMATCH', differences: [{ itemNo: 2, field: 'unit', licence: 'KGM', declaration: 'PCE' }] } });
  });
});
