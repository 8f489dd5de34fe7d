import { deciderSpec } from '../../testing/decider-spec';
import { fold } from '../../shared/decider';
import { applicant, at, attached, fileCommand, item, standardApplication } from '../case.fixtures';
import { caseDecider } from '../case.decider';
import type { CaseEvent } from '../case.events';
import type { FiledCase } from '../case.state';
import type { Application } from '../application';
import type { FreeText } from '../../values';
import { checkCorrectionRequest, type CorrectionRequest, type LicenceToCorrect } from './file-correction';

const spec = deciderSpec(caseDecider);
const base = standardApplication();
const licensedItems = () => [item(1), item(2, { goodsName: 'Optical isolator', cccCode: '90013000002', quantity: '10', unit: 'KGM' })];

/** LIC-2026-000001 as issued to applicant 12345678: valid, nothing released, a mismatch on declaration D1. */
const licence = (overrides: Partial<LicenceToCorrect> = {}): LicenceToCorrect => ({
  licenceNo: 'LIC-2026-000001',
  status: 'VALID',
  holderId: '12345678',
  route: 'STANDARD',
  version: 1,
  terms: { destination: base.destination, buyer: base.buyer, consignee: base.consignee, endUser: base.endUser, partialShipments: base.partialShipments, items: licensedItems() },
  releases: 0,
  comparisons: [{ declarationNo: 'D1', result: 'MISMATCH', coProcessingCode: 'M0123456789' }],
  ...overrides,
});
const request = (overrides: Partial<CorrectionRequest> = {}): CorrectionRequest => ({
  licenceNo: 'LIC-2026-000001',
  description: 'The end user moved to a new address' as FreeText,
  declarationNo: null,
  coProcessingCode: null,
  ...overrides,
});
const mismatchRequest = (overrides: Partial<CorrectionRequest> = {}) =>
  request({ description: 'Item 2 is declared in kilograms; the licence said pieces' as FreeText, declarationNo: 'D1', coProcessingCode: 'M0123456789', ...overrides });

const corrected = (overrides: Partial<Application> = {}) =>
  standardApplication({ kind: 'CORRECTION', items: licensedItems(), endUser: { ...base.endUser, address: 'Neue Strasse 5, Mainz' }, ...overrides });
const file = (application: Application, correction: { request: CorrectionRequest; licence: LicenceToCorrect } | null = { request: request(), licence: licence() }) =>
  fileCommand(application, { correction });
const registeredCorrection = (application: Application, req = request()): CaseEvent => ({
  type: 'CaseRegistered',
  data: {
    caseNo: 'SHTC-2026-000001', application, warnings: [], filedBy: applicant, agentId: null, amends: null, reissues: null, registeredAt: at,
    corrects: { ...req, version: 1, licensed: licence().terms! },
  },
});

describe('case decider: R-CORR-1 filing a correction (更正) of an issued licence', () => {
  it('registers a case that records the licence, its version, what it stated and the reason', () => {
    spec.given([]).when(file(corrected())).then([registeredCorrection(corrected())]);
  });

  it('refuses a licence with a release, pointing to cancel and balance reissue (R-BAL-3)', () => {
    const refusal = caseDecider.decide(file(corrected(), { request: request(), licence: licence({ releases: 2 }) }), caseDecider.initialState);
    expect(refusal).toMatchObject({ rule: 'R-BAL-3', kind: 'RULE', field: 'licenceNo', details: { releases: 2 } });
    expect((refusal as { message: string }).message).toContain('BALANCE_REISSUE');
    expect((refusal as unknown as { details: { instead: string[] } }).details.instead).toContain('POST /licences/LIC-2026-000001/cancel');
  });

  it.each(['EXPIRED', 'EXHAUSTED', 'CANCELLED'] as const)('refuses a licence that is %s: only a valid one is corrected', (status) => {
    spec.given([]).when(file(corrected(), { request: request(), licence: licence({ status }) })).thenRefuses('R-CORR-1', { kind: 'RULE', field: 'licenceNo' });
  });

  it("answers another holder's licence, and a number no licence has, as not found", () => {
    spec.given([]).when(file(corrected(), { request: request(), licence: licence({ holderId: '87654321' }) })).thenRefuses('R-CORR-1', { kind: 'NOT_FOUND' });
    spec.given([]).when(file(corrected(), { request: request(), licence: licence({ status: 'NONE', holderId: null, terms: null }) })).thenRefuses('R-CORR-1', { kind: 'NOT_FOUND' });
    spec.given([]).when(file(corrected(), null)).thenRefuses('R-CORR-1', { kind: 'INVALID', field: 'licenceNo' });
  });

  it('refuses a correction that changes nothing the licence states, and one on another route', () => {
    spec.given([]).when(file(corrected({ endUser: base.endUser }))).thenRefuses('R-CORR-1', { kind: 'RULE' });
    spec.given([]).when(file(corrected(), { request: request(), licence: licence({ route: 'EXEMPT' }) })).thenRefuses('R-CORR-1', { field: 'route' });
  });
});

describe('case decider: R-CORR-2 the assurance signed again when the change touches it', () => {
  const submit = { type: 'SubmitApplication' as const, endUse: 'Research', screening: null, by: applicant, at };
  const stateAfter = (events: CaseEvent[]) => fold(caseDecider, events) as FiledCase;

  it('asks for the assurance when the end user changes, and submits once it is uploaded for the data', () => {
    spec.given([registeredCorrection(corrected())]).when(submit).thenRefuses('R-CORR-2', { kind: 'RULE' });
    const decided = caseDecider.decide(submit, stateAfter([registeredCorrection(corrected()), attached('END_USE_ASSURANCE')]));
    expect(decided).toMatchObject([{ type: 'ApplicationSubmitted' }]);
  });

  it('asks for nothing when only amounts or shipments change: the assurance does not state them', () => {
    const amounts = corrected({ endUser: base.endUser, items: [item(1, { amount: '13000.00' }), licensedItems()[1]] });
    expect(caseDecider.decide(submit, stateAfter([registeredCorrection(amounts)]))).toMatchObject([{ type: 'ApplicationSubmitted' }]);
  });

  it('asks for it when a quantity changes', () => {
    const more = corrected({ endUser: base.endUser, items: [item(1, { quantity: '120' }), licensedItems()[1]] });
    spec.given([registeredCorrection(more)]).when(submit).thenRefuses('R-CORR-2');
  });
});

describe('case decider: R-MISM-1 filing a mismatch correction (單證比對不符修正)', () => {
  const mismatch = (overrides: Partial<Application> = {}) =>
    standardApplication({ kind: 'MISMATCH_CORRECTION', items: [item(1), item(2, { goodsName: 'Optical isolator', cccCode: '90013000002', quantity: '10', unit: 'PCE' })], ...overrides });
  const fileMismatch = (req = mismatchRequest(), lic = licence()) => fileCommand(mismatch(), { correction: { request: req, licence: lic } });

  it('registers a case quoting the licence, the declaration and the co-processing code', () => {
    const decided = caseDecider.decide(fileMismatch(), caseDecider.initialState);
    expect(decided).toMatchObject([{ type: 'CaseRegistered', data: { corrects: { licenceNo: 'LIC-2026-000001', declarationNo: 'D1', coProcessingCode: 'M0123456789', version: 1 } } }]);
  });

  it('is allowed only while nothing was released', () => {
    spec.given([]).when(fileMismatch(mismatchRequest(), licence({ releases: 1 }))).thenRefuses('R-MISM-1', { kind: 'RULE', field: 'licenceNo' });
  });

  it('quotes a declaration compared with this licence, with a mismatch, and the code customs gave for it', () => {
    spec.given([]).when(fileMismatch(mismatchRequest({ declarationNo: 'D9' }))).thenRefuses('R-MISM-1', { field: 'declarationNo' });
    spec.given([]).when(fileMismatch(mismatchRequest(), licence({ comparisons: [{ declarationNo: 'D1', result: 'MATCH', coProcessingCode: null }] }))).thenRefuses('R-MISM-1', { field: 'declarationNo' });
    spec.given([]).when(fileMismatch(mismatchRequest({ coProcessingCode: 'M9999999999' }))).thenRefuses('R-MISM-1', { field: 'coProcessingCode' });
  });

  it('needs the licence number, the declaration number, the co-processing code and a description (R-MISM-1)', () => {
    const checked = checkCorrectionRequest({}, 'MISMATCH_CORRECTION');
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.issues.map((i) => [i.field, i.rule])).toEqual([
      ['licenceNo', 'R-MISM-1'], ['declarationNo', 'R-MISM-1'], ['coProcessingCode', 'R-MISM-1'], ['description', 'R-MISM-1'],
    ]);
    const correction = checkCorrectionRequest({ licenceNo: 'LIC-2026-000001', description: '  why \n it changed ' }, 'CORRECTION');
    expect(correction).toMatchObject({ ok: true, value: { licenceNo: 'LIC-2026-000001', description: 'why it changed', declarationNo: null } });
    expect(checkCorrectionRequest({ licenceNo: 'LIC-2026-000001' }, 'CORRECTION')).toMatchObject({ ok: false, issues: [{ field: 'description', rule: 'R-CORR-1' }] });
  });
});
