import { fold } from '../shared/decider';
import { isRefusal } from '../shared/refusal';
import { deciderSpec } from '../testing/decider-spec';
import { coProcessingCode } from './compare-declaration';
import type { CompareDeclaration } from './licence.commands';
import { licenceDecider } from './licence.decider';
import type { DeclarationCompared, LicenceEvent } from './licence.events';
import { cancelled, customs, declaration, expired, firstExpiredInstant, holder, inValidity, issued, lastValidInstant, released } from './licence.fixtures';

const spec = deciderSpec(licenceDecider);

/** The comparison the decider records for a declaration on the licence given. */
function compared(given: LicenceEvent[], command: CompareDeclaration): DeclarationCompared['data'] {
  const decision = licenceDecider.decide(command, fold(licenceDecider, given));
  if (isRefusal(decision)) throw new Error(`refused: ${decision.rule} ${decision.message}`);
  expect(decision).toHaveLength(1);
  return (decision[0] as DeclarationCompared).data;
}
const differencesOf = (given: LicenceEvent[], command: CompareDeclaration) => compared(given, command).differences;

describe('licence decider: a declaration compared with the licence (R-CUS-1)', () => {
  it('records a MATCH, without a co-processing code, for a declaration within the licence', () => {
    spec.given([issued()]).when(declaration()).then([
      {
        type: 'DeclarationCompared',
        data: {
          declarationNo: 'AA/15/123/45678',
          declaration: {
            exporterId: '12345678',
            destination: 'DE',
            consigneeName: 'Rhein Optics GmbH',
            items: [
              { itemNo: 1, cccCode: '85414100001', quantity: '100.5', unit: 'PCE', amount: '12000', currency: 'USD' },
              { itemNo: 2, cccCode: '90013000002', quantity: '5', unit: 'KGM', amount: '250', currency: 'EUR' },
            ],
          },
          result: 'MATCH',
          differences: [],
          coProcessingCode: null,
          correctionCaseNo: null,
          comparedAt: inValidity,
          by: customs,
        },
      },
    ]);
  });

  it('names each header field that differs, with itemNo null: exporter, destination, consignee', () => {
    expect(differencesOf([issued()], declaration({ exporterId: '87654321', destination: 'fr', consigneeName: 'Seine Optique SA' }))).toEqual([
      { itemNo: null, field: 'exporterId', licence: '12345678', declaration: '87654321' },
      { itemNo: null, field: 'destination', licence: 'DE', declaration: 'FR' },
      { itemNo: null, field: 'consigneeName', licence: 'Rhein Optics GmbH', declaration: 'Seine Optique SA' },
    ]);
  });

  it('compares the consignee name ignoring case, spacing and full-width forms; "same as buyer" means the buyer', () => {
    expect(differencesOf([issued()], declaration({ consigneeName: '  RHEIN   optics gmbh ' }))).toEqual([]);
    expect(differencesOf([issued()], declaration({ consigneeName: 'ＲＨＥＩＮ Optics GmbH' }))).toEqual([]);
  });

  it("compares with the licence's own consignee when it is not the buyer", () => {
    const licence = issued({ consignee: { name: 'Mainz Logistics AG', address: 'Hafen 2, Mainz', country: 'DE' } });
    expect(differencesOf([licence], declaration({ consigneeName: 'mainz logistics ag' }))).toEqual([]);
    expect(differencesOf([licence], declaration())).toEqual([{ itemNo: null, field: 'consigneeName', licence: 'Mainz Logistics AG', declaration: 'Rhein Optics GmbH' }]);
  });

  it('names an item the licence does not have, and each item field that differs: CCC code, unit, currency', () => {
    const items = [
      { itemNo: 1, cccCode: '85414100009', quantity: '1', unit: 'SET', amount: '100', currency: 'TWD' },
      { itemNo: 3, cccCode: '85414100001', quantity: '1', unit: 'PCE', amount: '1', currency: 'USD' },
    ];
    expect(differencesOf([issued()], declaration({ items }))).toEqual([
      { itemNo: 1, field: 'cccCode', licence: '85414100001', declaration: '85414100009' },
      { itemNo: 1, field: 'unit', licence: 'PCE', declaration: 'SET' },
      { itemNo: 1, field: 'currency', licence: 'USD', declaration: 'TWD' },
      { itemNo: 3, field: 'itemNo', licence: null, declaration: '3' },
    ]);
  });

  it("refuses a quantity above the item's remaining balance, naming the balance", () => {
    const afterRelease = [issued(), released([{ itemNo: 1, quantity: '60', balance: '40.5' }], 'EARLIER')];
    const items = [{ itemNo: 1, cccCode: '85414100001', quantity: '40.6', unit: 'PCE', amount: '100', currency: 'USD' }];
    expect(differencesOf(afterRelease, declaration({ items }))).toEqual([{ itemNo: 1, field: 'quantity', licence: '40.5', declaration: '40.6' }]);
    expect(differencesOf(afterRelease, declaration({ items: [{ ...items[0], quantity: '40.5' }] }))).toEqual([]);
  });

  it("bounds the amount by the balance's pro-rata share of the licensed amount (amount × balance / quantity)", () => {
    // Item 2: 10 KGM for 500 EUR; 4 released, so 6 KGM and 300 EUR are left to declare.
    const afterRelease = [issued(), released([{ itemNo: 2, quantity: '4', balance: '6' }], 'EARLIER')];
    const line = (amount: string) => [{ itemNo: 2, cccCode: '90013000002', quantity: '1', unit: 'KGM', amount, currency: 'EUR' }];
    expect(differencesOf(afterRelease, declaration({ items: line('300') }))).toEqual([]);
    expect(differencesOf(afterRelease, declaration({ items: line('300.0001') }))).toEqual([{ itemNo: 2, field: 'amount', licence: '300', declaration: '300.0001' }]);
  });

  it('gives a MISMATCH a co-processing code (會辦識別碼) that the licence and declaration number determine', () => {
    const mismatch = compared([issued()], declaration({ destination: 'FR' }));
    expect(mismatch.result).toBe('MISMATCH');
    expect(mismatch.coProcessingCode).toMatch(/^M[0-9A-F]{10}$/);
    expect(mismatch.coProcessingCode).toBe(coProcessingCode('LIC-2026-000001', 'AA/15/123/45678'));
    expect(coProcessingCode('LIC-2026-000001', 'AA/15/123/45679')).not.toBe(mismatch.coProcessingCode);
    expect(coProcessingCode('LIC-2026-000002', 'AA/15/123/45678')).not.toBe(mismatch.coProcessingCode);
  });

  describe('customs retries', () => {
    const first = () => [issued(), { type: 'DeclarationCompared', data: compared([issued()], declaration()) } as LicenceEvent];

    it('records nothing for the same declaration sent again: the caller answers the recorded comparison', () => {
      spec.given(first()).when(declaration({ at: '2027-01-06T02:00:00.000Z' })).then([]);
    });

    it('takes the same content written differently as the same declaration (decimals, code case, item order, spaces)', () => {
      const items = [
        { itemNo: 2, cccCode: '90013000002', quantity: '5.000', unit: 'kgm', amount: '250.00', currency: 'eur' },
        { itemNo: 1, cccCode: '85414100001', quantity: '100.50', unit: 'PCE', amount: '12000', currency: 'USD' },
      ];
      spec.given(first()).when(declaration({ items, destination: ' de ', declarationNo: ' AA/15/123/45678 ' })).then([]);
    });

    it('refuses other content under a declaration number compared already (409)', () => {
      spec.given(first()).when(declaration({ consigneeName: 'Someone Else' })).thenRefuses('R-CUS-1', { kind: 'CONFLICT', field: 'declarationNo' });
    });

    it('answers a retry from the record even after the licence has ended since', () => {
      spec.given([...first(), cancelled()]).when(declaration()).then([]);
    });
  });

  describe('on a licence that cannot be used, the comparison is still recorded, as a MISMATCH naming why', () => {
    it('expired by date, before the scheduler has written the expiry', () => {
      expect(differencesOf([issued()], declaration({ at: lastValidInstant }))).toEqual([]);
      expect(differencesOf([issued()], declaration({ at: firstExpiredInstant }))).toEqual([{ itemNo: null, field: 'status', licence: 'EXPIRED', declaration: null }]);
    });

    it('expired, cancelled or exhausted', () => {
      expect(differencesOf([issued(), expired()], declaration({ at: firstExpiredInstant }))[0]).toEqual({ itemNo: null, field: 'status', licence: 'EXPIRED', declaration: null });
      expect(differencesOf([issued(), cancelled()], declaration())[0]).toEqual({ itemNo: null, field: 'status', licence: 'CANCELLED', declaration: null });
      const exhausted: LicenceEvent[] = [
        issued(),
        released([{ itemNo: 1, quantity: '100.5', balance: '0' }, { itemNo: 2, quantity: '10', balance: '0' }], 'EARLIER'),
        { type: 'LicenceExhausted', data: { declarationNo: 'EARLIER', exhaustedAt: inValidity } },
      ];
      expect(differencesOf(exhausted, declaration()).map((d) => d.field)).toEqual(['status', 'quantity', 'amount', 'quantity', 'amount']);
    });

    it('a single-shipment licence shipped once already (R-LIC-3)', () => {
      const single = [issued({ partialShipments: false }), released([{ itemNo: 1, quantity: '1', balance: '99.5' }], 'EARLIER')];
      const items = [{ itemNo: 1, cccCode: '85414100001', quantity: '1', unit: 'PCE', amount: '1', currency: 'USD' }];
      expect(differencesOf(single, declaration({ items }))).toEqual([{ itemNo: null, field: 'partialShipments', licence: 'false', declaration: 'true' }]);
    });
  });

  it('refuses a declaration without its fields, or with malformed quantities (400), naming each field', () => {
    const items = [
      { itemNo: 1, cccCode: '', quantity: '1,000', unit: 'PCE', amount: '-1', currency: 'USD' },
      { itemNo: 1, cccCode: '85414100001', quantity: '1', unit: 'PCE', amount: '1', currency: 'USD' },
    ];
    const spec1 = spec.given([issued()]);
    spec1.when(declaration({ consigneeName: ' ' })).thenRefuses('R-CUS-1', { kind: 'INVALID', field: 'consigneeName' });
    spec1.when(declaration({ items: [] })).thenRefuses('R-CUS-1', { kind: 'INVALID', field: 'items' });
    const decision = licenceDecider.decide(declaration({ items }), fold(licenceDecider, [issued()]));
    expect(isRefusal(decision) && decision.issues.map((i) => `${i.field} ${i.rule}`)).toEqual([
      'items[0].cccCode R-CUS-1',
      'items[0].quantity R-ITEM-3',
      'items[0].amount R-ITEM-6',
      'items[1].itemNo R-CUS-1',
    ]);
  });

  it('refuses numbers and codes that are no printable ASCII or too long, and control characters in the consignee name (400)', () => {
    const given = spec.given([issued()]);
    given.when(declaration({ declarationNo: 'AA/15/\u00a0123/45678' })).thenRefuses('R-CUS-1', { kind: 'INVALID', field: 'declarationNo' });
    given.when(declaration({ declarationNo: 'A'.repeat(41) })).thenRefuses('R-CUS-1', { kind: 'INVALID', field: 'declarationNo' });
    given.when(declaration({ destination: 'D\uff21' })).thenRefuses('R-CUS-1', { kind: 'INVALID', field: 'destination' });
    given.when(declaration({ exporterId: '1234\u00005678' })).thenRefuses('R-CUS-1', { kind: 'INVALID', field: 'exporterId' });
    given.when(declaration({ consigneeName: 'Rhein \u202eOptics' })).thenRefuses('R-CUS-1', { kind: 'INVALID', field: 'consigneeName' });
  });

  it('answers 404 for a licence not issued, and 403 to anyone but customs (R-ACC-5)', () => {
    spec.given([]).when(declaration()).thenRefuses('R-ACC-5', { kind: 'NOT_FOUND' });
    spec.given([issued()]).when(declaration({ by: holder })).thenRefuses('R-ACC-5', { kind: 'FORBIDDEN' });
  });
});
