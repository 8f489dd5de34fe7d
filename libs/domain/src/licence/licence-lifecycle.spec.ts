import { fold } from '../shared/decider';
import { isRefusal } from '../shared/refusal';
import { deciderSpec } from '../testing/decider-spec';
import type { FreeText } from '../values';
import { caseDecider } from '../case/case.decider';
import type { CaseEvent } from '../case/case.events';
import type { FiledCase } from '../case/case.state';
import { alice, bob, claimed, forwarded, submittedCase } from '../case/review/review.fixtures';
import type { LicenceCommandType } from './licence.commands';
import { licenceCodec } from './licence.codec';
import { licenceDecider } from './licence.decider';
import type { LicenceEvent } from './licence.events';
import { LICENCE_STATUSES, licenceStatusAfter } from './licence-status';
import {
  cancel, cancelled, customs, declaration, expire, expired, firstExpiredInstant, holder, inValidity, issued, lastValidInstant, release, released, scheduler,
} from './licence.fixtures';
import { LICENCE_TRANSITIONS, licenceAllowedActions, licenceSideOf } from './transitions';

const spec = deciderSpec(licenceDecider);
const exhausted: LicenceEvent[] = [
  issued(),
  released([{ itemNo: 1, quantity: '100.5', balance: '0' }, { itemNo: 2, quantity: '10', balance: '0' }], 'D1'),
  { type: 'LicenceExhausted', data: { declarationNo: 'D1', exhaustedAt: inValidity } },
];
const stateOf = (events: LicenceEvent[]) => fold(licenceDecider, events);
const approvedCase = () =>
  fold(caseDecider, [
    ...submittedCase(),
    claimed(alice),
    forwarded(alice),
    {
      type: 'CaseApproved',
      data: { note: 'ok', approvedAt: '2026-12-04T03:00:00.000Z', by: bob, licence: { licenceNo: 'LIC-2026-000001', issuedOn: '2026-12-04', validUntil: '2027-06-03', validityMonths: 6, validityReason: 'STANDARD' } },
    } satisfies CaseEvent,
  ]) as FiledCase;

describe('licence decider: expiry (R-LIC-1)', () => {
  it('is written by the scheduler once the last valid day has passed in Taipei', () => {
    spec.given([issued()]).when(expire(firstExpiredInstant)).then([expired(firstExpiredInstant)]);
  });
  it('is refused on the last valid day itself (409)', () => {
    spec.given([issued()]).when(expire(lastValidInstant)).thenRefuses('R-LIC-1', { kind: 'CONFLICT' });
  });
  it('is written once: the scheduler asking again records nothing', () => {
    spec.given([issued(), expired()]).when(expire('2027-07-01T00:00:00.000Z')).then([]);
  });
  it('does not end a licence exhausted or cancelled first', () => {
    spec.given(exhausted).when(expire()).thenRefuses('R-LIC-1', { kind: 'CONFLICT' });
    spec.given([issued(), cancelled()]).when(expire()).thenRefuses('R-LIC-1', { kind: 'CONFLICT' });
  });
  it('is the scheduler\'s alone (R-ACC-5)', () => {
    spec.given([issued()]).when({ ...expire(), by: customs }).thenRefuses('R-ACC-5', { kind: 'FORBIDDEN' });
  });
});

describe('licence decider: cancellation by the holder (R-BAL-1)', () => {
  it('keeps the balance of each item on record, under the cancelled-licence number', () => {
    spec.given([issued(), released([{ itemNo: 1, quantity: '40', balance: '60.5' }])]).when(cancel()).then([
      {
        type: 'LicenceCancelled',
        data: {
          cancelledLicenceNo: 'LIC-2026-000001',
          reason: 'The buyer reduced its order; the balance is to be reissued',
          balance: [
            { itemNo: 1, quantity: '100.5', shipped: '40', balance: '60.5' },
            { itemNo: 2, quantity: '10', shipped: '0', balance: '10' },
          ],
          cancelledAt: inValidity,
          by: holder,
        },
      },
    ]);
  });
  it('needs a reason', () => {
    spec.given([issued()]).when(cancel({ reason: '  ' as FreeText })).thenRefuses('R-BAL-1', { kind: 'INVALID', field: 'reason' });
  });
  it('is refused (409, with the status) once the licence has expired, even before the expiry is written', () => {
    spec.given([issued()]).when(cancel({ at: lastValidInstant })).then([{ ...cancelled(lastValidInstant) }]);
    spec.given([issued()]).when(cancel({ at: firstExpiredInstant })).thenRefuses('R-BAL-1', { kind: 'CONFLICT' });
    spec.given([issued(), expired()]).when(cancel({ at: firstExpiredInstant })).thenRefuses('R-BAL-1', { kind: 'CONFLICT' });
  });
  it('is refused on a licence exhausted or cancelled already, naming its status and the actions open', () => {
    for (const [given, status] of [[exhausted, 'EXHAUSTED'], [[issued(), cancelled()], 'CANCELLED']] as const) {
      const decision = licenceDecider.decide(cancel(), stateOf([...given]));
      expect(isRefusal(decision) && [decision.rule, decision.kind, decision.details.licenceStatus, decision.details.allowedActions]).toEqual(['R-BAL-1', 'CONFLICT', status, []]);
    }
  });
  it("is the holder's side's (R-ACC-5)", () => {
    spec.given([issued()]).when(cancel({ by: customs })).thenRefuses('R-ACC-5', { kind: 'FORBIDDEN' });
  });
});

describe('the licence transition table', () => {
  it('names an action and a rule for every command', () => {
    for (const transition of Object.values(LICENCE_TRANSITIONS)) {
      expect(transition.action).toMatch(/^[a-z-]+$/);
      expect(transition.rule).toMatch(/^R-[A-Z]+-\d+$/);
    }
  });

  it('opens to each side what its status allows', () => {
    const valid = stateOf([issued()]);
    expect(licenceAllowedActions(valid, 'CUSTOMS', inValidity)).toEqual(['declarations', 'releases']);
    expect(licenceAllowedActions(valid, 'HOLDER', inValidity)).toEqual(['cancel']);
    expect(licenceAllowedActions(valid, 'SCHEDULER', inValidity)).toEqual([]);
    expect(licenceAllowedActions(valid, 'SCHEDULER', firstExpiredInstant)).toEqual(['expire']);
    expect(licenceAllowedActions(valid, 'HOLDER', firstExpiredInstant)).toEqual([]);
    expect(licenceAllowedActions(valid, 'CUSTOMS', firstExpiredInstant)).toEqual(['declarations']);
    for (const ended of [exhausted, [issued(), expired()], [issued(), cancelled()]]) {
      expect(licenceAllowedActions(stateOf(ended), 'CUSTOMS', inValidity)).toEqual(['declarations']);
      expect(licenceAllowedActions(stateOf(ended), 'HOLDER', inValidity)).toEqual([]);
    }
    expect(licenceAllowedActions(stateOf([issued({ partialShipments: false }), released([{ itemNo: 1, quantity: '1', balance: '99.5' }])]), 'CUSTOMS', inValidity)).toEqual(['declarations']);
  });

  it('maps roles to sides: applicant and agent hold, customs, the scheduler; an auditor acts on none', () => {
    expect(['APPLICANT', 'AGENT', 'CUSTOMS', scheduler.role, 'AUDITOR'].map(licenceSideOf)).toEqual(['HOLDER', 'HOLDER', 'CUSTOMS', 'SCHEDULER', null]);
  });

  describe('no extension, ever (R-LIC-2)', () => {
    it('has no command that extends a licence', () => {
      const commands = Object.keys(LICENCE_TRANSITIONS) as LicenceCommandType[];
      expect(commands.sort()).toEqual(['CancelLicence', 'CloseOutLicence', 'CompareDeclaration', 'CorrectLicence', 'ExpireLicence', 'IssueLicence', 'RecordRelease', 'ReissueBalance']);
      expect(commands.filter((type) => /extend|renew|reopen/i.test(type))).toEqual([]);
    });

    it('leads back to VALID from no status: only issuing makes a licence VALID, and only where there is none', () => {
      const toValid = licenceCodec.types.filter((type) => licenceStatusAfter({ type } as LicenceEvent) === 'VALID');
      expect(toValid).toEqual(['LicenceIssued']);
      expect(LICENCE_TRANSITIONS.IssueLicence.from).toEqual(['NONE']);
      // Every other command is open only in statuses that exist, and none of them writes LicenceIssued (the property tests check the decisions).
      const opens = Object.entries(LICENCE_TRANSITIONS).filter(([type]) => type !== 'IssueLicence').flatMap(([, t]) => t.from);
      expect(opens.every((status) => (LICENCE_STATUSES as readonly string[]).includes(status))).toBe(true);
    });

    it('records nothing when an ended licence is issued again from its approval', () => {
      for (const ended of [exhausted, [issued(), expired()], [issued(), cancelled()]]) {
        spec.given(ended).when({ type: 'IssueLicence', approvedCase: approvedCase(), at: firstExpiredInstant }).then([]);
        expect(stateOf(ended).status).not.toBe('VALID');
      }
    });
  });
});

describe('the licence codec', () => {
  it('writes every licence event at its current version and reads each back as it was', () => {
    const events: LicenceEvent[] = [issued(), released([{ itemNo: 1, quantity: '1', balance: '99.5' }]), ...exhausted.slice(2), expired(), cancelled()];
    expect(licenceCodec.types).toEqual(['LicenceIssued', 'DeclarationCompared', 'GoodsReleased', 'LicenceExhausted', 'LicenceExpired', 'LicenceCancelled', 'BalanceReissued', 'LicenceCorrected', 'LicenceClosedOut']);
    for (const event of events) {
      const schemaVersion = licenceCodec.schemaVersion(event.type);
      expect(licenceCodec.decode({ ...JSON.parse(JSON.stringify(event)), metadata: { schemaVersion, actor: customs, occurredAt: inValidity } })).toEqual(event);
    }
  });

  it('reads a v1 comparison as one customs asked for: no correction compared it (DeclarationCompared v2, R-MISM-1)', () => {
    const [compared] = licenceDecider.decide(declaration(), stateOf([issued()])) as LicenceEvent[];
    const { correctionCaseNo: _, ...v1 } = (compared as Extract<LicenceEvent, { type: 'DeclarationCompared' }>).data;
    expect(licenceCodec.schemaVersion('DeclarationCompared')).toBe(2);
    expect(licenceCodec.decode({ type: 'DeclarationCompared', data: v1, metadata: { schemaVersion: 1, actor: customs, occurredAt: inValidity } })?.data).toEqual({ ...v1, correctionCaseNo: null });
  });
});

describe('a licence not issued', () => {
  it('answers 404 to every command but its issue', () => {
    spec.given([]).when(release()).thenRefuses('R-ACC-5', { kind: 'NOT_FOUND' });
    spec.given([]).when(cancel()).thenRefuses('R-ACC-5', { kind: 'NOT_FOUND' });
    spec.given([]).when(expire()).thenRefuses('R-ACC-5', { kind: 'NOT_FOUND' });
  });
});
