import { fold } from '../shared/decider';
import { isRefusal } from '../shared/refusal';
import { deciderSpec } from '../testing/decider-spec';
import type { FreeText } from '../values';
import { standardApplication } from '../case/case.fixtures';
import { caseDecider } from '../case/case.decider';
import type { Application } from '../case/application';
import type { CaseEvent } from '../case/case.events';
import type { FiledCase } from '../case/case.state';
import { alice, bob, claimed, forwarded, submittedCase } from '../case/review/review.fixtures';
import { closeOut, closedOut, exhibitionIssued, firstLateInstant, lastCloseOutInstant, reimportDeclaration, returnBy, shippedToShow } from './close-out.fixtures';
import { closeOutOwedBy, isCloseOutOverdue } from './exhibition-close-out';
import { licenceCodec } from './licence.codec';
import { licenceDecider } from './licence.decider';
import type { LicenceEvent } from './licence.events';
import { cancelled, customs, expired, firstExpiredInstant, inValidity, issued, release, released } from './licence.fixtures';
import type { IssuedLicence } from './licence.state';
import { licenceAllowedActions } from './transitions';

const spec = deciderSpec(licenceDecider);
const stateOf = (events: LicenceEvent[]) => fold(licenceDecider, events) as IssuedLicence;
const shipped = [exhibitionIssued(), shippedToShow()];

const approvedCaseOf = (application: Application) =>
  fold(caseDecider, [
    ...submittedCase(application),
    claimed(alice),
    forwarded(alice),
    {
      type: 'CaseApproved',
      data: { note: 'ok', approvedAt: '2026-12-04T03:00:00.000Z', by: bob, licence: { licenceNo: 'LIC-2026-000001', issuedOn: '2026-12-04', validUntil: '2027-06-03', validityMonths: 6, validityReason: 'STANDARD' } },
    } satisfies CaseEvent,
  ]) as FiledCase;
const exempt = (reason: 'EXHIBITION' | 'SPECIAL_APPROVAL') =>
  standardApplication({ route: 'EXEMPT', exemption: { reason, endUse: 'Shown at Laser World of Photonics, Munich', returnBy: reason === 'EXHIBITION' ? returnBy : null } });

describe('licence decider: an exhibition licence carries its close-out deadline (R-EXEMPT-4)', () => {
  it("is issued with closeOutBy, its case's returnBy", () => {
    const decision = licenceDecider.decide({ type: 'IssueLicence', approvedCase: approvedCaseOf(exempt('EXHIBITION')), at: inValidity }, { status: 'NONE' });
    expect(!isRefusal(decision) && decision.map((event) => event.type === 'LicenceIssued' && event.data.closeOutBy)).toEqual([returnBy]);
    expect(stateOf(decision as LicenceEvent[])).toMatchObject({ closeOutBy: returnBy, closedOut: null });
  });

  it('has none when the licence is not for an exhibition: a special approval, or a standard case', () => {
    for (const application of [exempt('SPECIAL_APPROVAL'), standardApplication()]) {
      const decision = licenceDecider.decide({ type: 'IssueLicence', approvedCase: approvedCaseOf(application), at: inValidity }, { status: 'NONE' });
      expect(!isRefusal(decision) && decision.map((event) => event.type === 'LicenceIssued' && event.data.closeOutBy)).toEqual([null]);
    }
  });

  it('reads a LicenceIssued of schema version 1 (before close-outs) with closeOutBy null', () => {
    const { closeOutBy: _, ...v1 } = issued().data;
    const decoded = licenceCodec.decode({ type: 'LicenceIssued', data: JSON.parse(JSON.stringify(v1)), metadata: { schemaVersion: 1, actor: bob, occurredAt: inValidity } });
    expect(decoded).toEqual(issued());
    expect(licenceCodec.decode({ ...JSON.parse(JSON.stringify(exhibitionIssued())), metadata: { schemaVersion: 2, actor: bob, occurredAt: inValidity } })).toEqual(exhibitionIssued());
  });
});

describe('licence decider: close-out by the holder (R-EXEMPT-4)', () => {
  it('records the re-import with its proof, on time', () => {
    spec.given(shipped).when(closeOut()).then([closedOut()]);
    expect(stateOf([...shipped, closedOut()])).toMatchObject({ status: 'VALID', closeOutBy: returnBy, closedOut: closedOut().data });
  });

  it('records goods sold at the show, with a note saying the use and the end user', () => {
    const sold = { outcome: 'SOLD_AT_SHOW' as const, note: 'Sold to Rhein Optics GmbH, Mainz, for its fibre test laboratory' as FreeText };
    spec.given(shipped).when(closeOut(sold)).then([closedOut(sold)]);
    const blank = licenceDecider.decide(closeOut({ ...sold, note: '  ' as FreeText }), stateOf(shipped));
    expect(isRefusal(blank) && [blank.rule, blank.kind, blank.field, blank.message]).toEqual(['R-EXEMPT-4', 'INVALID', 'note', 'Note (the use and the end user of the goods sold) is required']);
  });

  it('checks its input: an outcome of the two, a note, an uploaded file', () => {
    spec.given(shipped).when(closeOut({ outcome: 'LOST' as never })).thenRefuses('R-EXEMPT-4', { kind: 'INVALID', field: 'outcome' });
    spec.given(shipped).when(closeOut({ note: '' as FreeText })).thenRefuses('R-EXEMPT-4', { kind: 'INVALID', field: 'note' });
    spec.given(shipped).when(closeOut({ document: { ...reimportDeclaration, sha256: 'not a digest' } })).thenRefuses('R-EXEMPT-4', { kind: 'INVALID', field: 'file' });
  });

  it('is late after closeOutBy (a Taipei date), and recorded all the same', () => {
    spec.given(shipped).when(closeOut({ at: lastCloseOutInstant })).then([closedOut({ closedOutAt: lastCloseOutInstant, late: false })]);
    spec.given(shipped).when(closeOut({ at: firstLateInstant })).then([closedOut({ closedOutAt: firstLateInstant, late: true })]);
  });

  it('is open after the licence has ended: goods come back after it is exhausted, expired or cancelled', () => {
    const partly = [exhibitionIssued(), released([{ itemNo: 1, quantity: '10', balance: '90.5' }], 'EX/16/001/00001')];
    const exhausted: LicenceEvent[] = [...shipped, released([{ itemNo: 2, quantity: '10', balance: '0' }], 'EX/16/001/00002'), { type: 'LicenceExhausted', data: { declarationNo: 'EX/16/001/00002', exhaustedAt: inValidity } }];
    expect([exhausted, [...partly, expired()], [...partly, cancelled()]].map((ended) => stateOf(ended).status)).toEqual(['EXHAUSTED', 'EXPIRED', 'CANCELLED']);
    for (const ended of [exhausted, [...partly, expired()], [...partly, cancelled()]]) {
      const at = firstExpiredInstant;
      spec.given(ended).when(closeOut({ at })).then([closedOut({ closedOutAt: at, late: true })]);
    }
  });

  it('is refused on a licence that is not an exhibition licence (422)', () => {
    const decision = licenceDecider.decide(closeOut(), stateOf([issued(), shippedToShow()]));
    expect(isRefusal(decision) && [decision.rule, decision.kind, decision.details.licenceStatus]).toEqual(['R-EXEMPT-4', 'RULE', 'VALID']);
    expect(isRefusal(decision) && decision.message).toMatch(/not an exhibition licence/);
  });

  it('is refused when nothing was released under it: nothing went abroad, so nothing comes back (422)', () => {
    for (const given of [[exhibitionIssued()], [exhibitionIssued(), expired()], [exhibitionIssued(), cancelled()]]) {
      const decision = licenceDecider.decide(closeOut({ at: firstExpiredInstant }), stateOf(given));
      expect(isRefusal(decision) && [decision.rule, decision.kind]).toEqual(['R-EXEMPT-4', 'RULE']);
      expect(isRefusal(decision) && decision.message).toMatch(/Nothing was released .* no goods went abroad/);
    }
  });

  it('is refused a second time (409); the same close-out sent again records nothing', () => {
    const done = [...shipped, closedOut()];
    spec.given(done).when(closeOut({ at: firstLateInstant })).then([]);
    const other = licenceDecider.decide(closeOut({ note: 'Another declaration' as FreeText }), stateOf(done));
    expect(isRefusal(other) && [other.rule, other.kind, other.details.closedOut, other.details.allowedActions]).toEqual([
      'R-EXEMPT-4', 'CONFLICT', { outcome: 'REIMPORTED', closedOutAt: inValidity }, ['cancel'],
    ]);
    spec.given(done).when(closeOut({ document: { ...reimportDeclaration, sha256: 'b'.repeat(64) } })).thenRefuses('R-EXEMPT-4', { kind: 'CONFLICT' });
    spec.given(done).when(closeOut({ outcome: 'SOLD_AT_SHOW' })).thenRefuses('R-EXEMPT-4', { kind: 'CONFLICT' });
  });

  it('ends releases under the licence: its exhibition goods are accounted for (422)', () => {
    const partly = [exhibitionIssued(), released([{ itemNo: 1, quantity: '10', balance: '90.5' }], 'EX/16/001/00001'), closedOut()];
    const decision = licenceDecider.decide(release({ declarationNo: 'EX/16/001/00002' }), stateOf(partly));
    expect(isRefusal(decision) && [decision.rule, decision.kind, decision.details.licenceStatus]).toEqual(['R-EXEMPT-4', 'RULE', 'VALID']);
    expect(licenceAllowedActions(stateOf(partly), 'CUSTOMS', inValidity)).toEqual(['declarations']);
    // The release recorded before, sent again, is still answered as recorded.
    spec.given(partly).when(release({ declarationNo: 'EX/16/001/00001', items: [{ itemNo: 1, quantity: '10' }] })).then([]);
  });

  it("is the holder's side's (R-ACC-5)", () => {
    spec.given(shipped).when(closeOut({ by: customs })).thenRefuses('R-ACC-5', { kind: 'FORBIDDEN' });
    spec.given(shipped).when(closeOut({ by: bob })).thenRefuses('R-ACC-5', { kind: 'FORBIDDEN' });
    spec.given([]).when(closeOut()).thenRefuses('R-ACC-5', { kind: 'NOT_FOUND' });
  });

  it('is offered to the holder only while a close-out is owed', () => {
    const partly = [exhibitionIssued(), released([{ itemNo: 1, quantity: '10', balance: '90.5' }], 'EX/16/001/00001')];
    expect(licenceAllowedActions(stateOf([exhibitionIssued()]), 'HOLDER', inValidity)).toEqual(['cancel']);
    expect(licenceAllowedActions(stateOf(partly), 'HOLDER', inValidity)).toEqual(['cancel', 'close-out']);
    expect(licenceAllowedActions(stateOf([...partly, cancelled()]), 'HOLDER', inValidity)).toEqual(['close-out']);
    expect(licenceAllowedActions(stateOf([...partly, closedOut()]), 'HOLDER', inValidity)).toEqual(['cancel']);
    expect(licenceAllowedActions(stateOf([issued(), shippedToShow()]), 'HOLDER', inValidity)).toEqual(['cancel']);
  });
});

describe('an overdue close-out (R-EXEMPT-4)', () => {
  it('is owed once goods were released, until closed out, and overdue after closeOutBy in Taipei', () => {
    expect(closeOutOwedBy(stateOf([exhibitionIssued()]))).toBeNull();
    expect(closeOutOwedBy(stateOf([issued(), shippedToShow()]))).toBeNull();
    expect(closeOutOwedBy(stateOf(shipped))).toBe(returnBy);
    expect(closeOutOwedBy(stateOf([...shipped, closedOut()]))).toBeNull();
    expect([lastCloseOutInstant, firstLateInstant].map((at) => isCloseOutOverdue(stateOf(shipped), at))).toEqual([false, true]);
    expect(isCloseOutOverdue(stateOf([...shipped, closedOut({ late: true, closedOutAt: firstLateInstant })]), firstLateInstant)).toBe(false);
    expect(isCloseOutOverdue(stateOf([exhibitionIssued()]), firstLateInstant)).toBe(false);
  });

  it('is owed on a cancelled licence too, when goods went abroad before the cancellation', () => {
    const partly = [exhibitionIssued(), released([{ itemNo: 1, quantity: '10', balance: '90.5' }], 'EX/16/001/00001'), cancelled()];
    expect(isCloseOutOverdue(stateOf(partly), firstLateInstant)).toBe(true);
  });
});
