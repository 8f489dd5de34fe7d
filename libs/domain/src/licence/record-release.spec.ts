import { fold } from '../shared/decider';
import { isRefusal } from '../shared/refusal';
import { deciderSpec } from '../testing/decider-spec';
import { licenceDecider } from './licence.decider';
import type { LicenceEvent } from './licence.events';
import { cancelled, customs, expired, firstExpiredInstant, holder, inValidity, issued, lastValidInstant, release, released } from './licence.fixtures';

const spec = deciderSpec(licenceDecider);
const exhaustedBy = (declarationNo: string, at = inValidity): LicenceEvent => ({ type: 'LicenceExhausted', data: { declarationNo, exhaustedAt: at } });
const allOf = (declarationNo = 'AA/15/123/45678') => release({ declarationNo, items: [{ itemNo: 1, quantity: '100.5' }, { itemNo: 2, quantity: '10' }] });

describe('licence decider: releases draw down the balance (R-CUS-2)', () => {
  it("records the release with each released item's balance after it", () => {
    spec.given([issued()]).when(release({ items: [{ itemNo: 1, quantity: '40.25' }] })).then([released([{ itemNo: 1, quantity: '40.25', balance: '60.25' }])]);
  });

  it('keeps quantity, shipped and balance per item, in decimals (never floats)', () => {
    const state = fold(licenceDecider, [
      issued(),
      released([{ itemNo: 1, quantity: '0.1', balance: '100.4' }], 'D1'),
      released([{ itemNo: 1, quantity: '0.2', balance: '100.2' }], 'D2'),
    ]);
    expect(state.status !== 'NONE' && state.items.map(({ itemNo, quantity, shipped, balance }) => ({ itemNo, quantity, shipped, balance }))).toEqual([
      { itemNo: 1, quantity: '100.5', shipped: '0.3', balance: '100.2' },
      { itemNo: 2, quantity: '10', shipped: '0', balance: '10' },
    ]);
  });

  it('exhausts the licence with the release that uses the last of every item (R-LIC-3)', () => {
    spec.given([issued()]).when(allOf()).then([
      released([{ itemNo: 1, quantity: '100.5', balance: '0' }, { itemNo: 2, quantity: '10', balance: '0' }]),
      exhaustedBy('AA/15/123/45678'),
    ]);
    spec.given([issued(), released([{ itemNo: 1, quantity: '100.5', balance: '0' }], 'D1')])
      .when(release({ declarationNo: 'D2', items: [{ itemNo: 2, quantity: '10' }] }))
      .then([released([{ itemNo: 2, quantity: '10', balance: '0' }], 'D2'), exhaustedBy('D2')]);
  });

  it("refuses more than an item's balance (R-LIC-4, 422), naming the item's field", () => {
    spec.given([issued(), released([{ itemNo: 1, quantity: '100', balance: '0.5' }], 'D1')])
      .when(release({ declarationNo: 'D2', items: [{ itemNo: 1, quantity: '0.5001' }] }))
      .thenRefuses('R-LIC-4', { kind: 'RULE', field: 'items[0].quantity' });
  });

  it('refuses an item the licence does not have (R-CUS-2, 422)', () => {
    spec.given([issued()]).when(release({ items: [{ itemNo: 3, quantity: '1' }] })).thenRefuses('R-CUS-2', { kind: 'RULE', field: 'items[0].itemNo' });
  });

  describe('after the licence has ended (R-LIC-4, 422 with the status)', () => {
    it('released after the last valid day (Taipei), refused even before the expiry is written', () => {
      spec.given([issued()]).when(release({ releasedAt: lastValidInstant, at: lastValidInstant })).then([
        { type: 'GoodsReleased', data: { declarationNo: 'AA/15/123/45678', releasedAt: lastValidInstant, items: [{ itemNo: 1, quantity: '40', balance: '60.5' }], recordedAt: lastValidInstant, by: customs } },
      ]);
      spec.given([issued()]).when(release({ releasedAt: '2027-06-04T00:00:00+08:00', at: lastValidInstant })).thenRefuses('R-LIC-4', { kind: 'RULE', field: 'releasedAt' });
    });

    it('recorded after the last valid day, whenever it was released', () => {
      const decision = licenceDecider.decide(release({ at: firstExpiredInstant }), fold(licenceDecider, [issued()]));
      expect(isRefusal(decision) && { rule: decision.rule, kind: decision.kind, details: decision.details }).toEqual({
        rule: 'R-LIC-4',
        kind: 'RULE',
        details: { licenceStatus: 'VALID', validUntil: '2027-06-03', allowedActions: ['declarations'] },
      });
    });

    it('expired, cancelled or exhausted', () => {
      for (const [given, status] of [
        [[issued(), expired()], 'EXPIRED'],
        [[issued(), cancelled()], 'CANCELLED'],
        [[issued(), released([{ itemNo: 1, quantity: '100.5', balance: '0' }, { itemNo: 2, quantity: '10', balance: '0' }], 'D1'), exhaustedBy('D1')], 'EXHAUSTED'],
      ] as const) {
        const decision = licenceDecider.decide(release({ declarationNo: 'D9' }), fold(licenceDecider, given));
        expect(isRefusal(decision) && [decision.rule, decision.kind, decision.details.licenceStatus, decision.details.allowedActions]).toEqual(['R-LIC-4', 'RULE', status, ['declarations']]);
      }
    });
  });

  describe('a single-shipment licence (R-LIC-3)', () => {
    const single = issued({ partialShipments: false });
    it('takes one release, of part of its goods', () => {
      spec.given([single]).when(release()).then([released([{ itemNo: 1, quantity: '40', balance: '60.5' }])]);
    });
    it('refuses a second one, though a balance is left', () => {
      spec.given([single, released([{ itemNo: 1, quantity: '40', balance: '60.5' }], 'D1')])
        .when(release({ declarationNo: 'D2' }))
        .thenRefuses('R-LIC-3', { kind: 'RULE' });
    });
  });

  describe('customs retries', () => {
    const first = [issued(), released([{ itemNo: 1, quantity: '40', balance: '60.5' }])];
    it('records nothing for the same release sent again, the same content written differently included', () => {
      spec.given(first).when(release({ at: '2027-01-06T02:00:00.000Z' })).then([]);
      spec.given(first).when(release({ releasedAt: '2027-01-05T10:00:00+08:00', items: [{ itemNo: 1, quantity: '40.000' }] })).then([]);
    });
    it('records nothing for the release that exhausted the licence, sent again', () => {
      const exhausted = [issued(), released([{ itemNo: 1, quantity: '100.5', balance: '0' }, { itemNo: 2, quantity: '10', balance: '0' }]), exhaustedBy('AA/15/123/45678')];
      spec.given(exhausted).when(allOf()).then([]);
    });
    it('refuses other content under a declaration number released already (409)', () => {
      spec.given(first).when(release({ items: [{ itemNo: 1, quantity: '41' }] })).thenRefuses('R-CUS-2', { kind: 'CONFLICT', field: 'declarationNo' });
    });
  });

  it('refuses a release time without an offset, a release before the licence, malformed items and a malformed declaration number', () => {
    const given = spec.given([issued()]);
    given.when(release({ releasedAt: '2027-01-05 10:00' })).thenRefuses('R-CUS-2', { kind: 'INVALID', field: 'releasedAt' });
    given.when(release({ releasedAt: '2026-12-01T00:00:00Z' })).thenRefuses('R-CUS-2', { kind: 'RULE', field: 'releasedAt' });
    given.when(release({ items: [] })).thenRefuses('R-CUS-2', { kind: 'INVALID', field: 'items' });
    given.when(release({ declarationNo: 'AA/15/\u0018123/45678' })).thenRefuses('R-CUS-2', { kind: 'INVALID', field: 'declarationNo' });
    given.when(release({ declarationNo: 'x'.repeat(1_000_000) })).thenRefuses('R-CUS-2', { kind: 'INVALID', field: 'declarationNo' });
    given.when(release({ items: [{ itemNo: 1, quantity: '0' }] })).thenRefuses('R-ITEM-3', { kind: 'INVALID', field: 'items[0].quantity' });
    given.when(release({ items: [{ itemNo: 1, quantity: '1' }, { itemNo: 1, quantity: '2' }] })).thenRefuses('R-CUS-2', { kind: 'INVALID', field: 'items[1].itemNo' });
  });

  it('is for customs alone (R-ACC-5)', () => {
    spec.given([issued()]).when(release({ by: holder })).thenRefuses('R-ACC-5', { kind: 'FORBIDDEN' });
  });
});
