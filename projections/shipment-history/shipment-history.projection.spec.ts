import type { RecordedEvent } from '@shtc/event-store';
import { projectInMemory } from '@shtc/read-store';
import { cancelled, customs, declaration, inValidity, issued, released } from '../../libs/domain/src/licence/licence.fixtures';
import { SHIPMENTS, importerOf, shipmentHistoryProjection, windowStart } from './shipment-history.projection';

let position = 0n;
const recorded = (licenceNo: string, revision: number, event: { type: string; data: unknown }): RecordedEvent => ({
  stream: `licence-${licenceNo}`, revision, position: ++position, type: event.type, data: event.data,
  metadata: { eventId: `e${position}`, occurredAt: inValidity, actor: customs, correlationId: 'c', causationId: 'c', schemaVersion: 1, prevHash: '', hash: '' },
});

const compared = {
  type: 'DeclarationCompared',
  data: {
    declarationNo: 'AA/15/123/45678', declaration: { exporterId: '12345678', destination: 'DE', consigneeName: 'Rhein Optics GmbH', items: declaration().items },
    result: 'MATCH', differences: [], coProcessingCode: null, comparedAt: inValidity, by: customs,
  },
};

const history = [
  recorded('LIC-2026-000001', 0, issued()),
  recorded('LIC-2026-000001', 1, compared),
  recorded('LIC-2026-000001', 2, released([{ itemNo: 1, quantity: '40', balance: '60.5' }])),
  recorded('LIC-2026-000001', 3, released([{ itemNo: 1, quantity: '0.5', balance: '60' }], 'AA/15/123/99999', '2027-02-01T02:00:00.000Z')),
  recorded('LIC-2026-000001', 4, cancelled()),
];

describe('shipment-history projection', () => {
  it('keeps one shipment per release by exporter, importer (normalised) and country, with its Taipei day; replays change nothing', async () => {
    const once = await projectInMemory(shipmentHistoryProjection, history);
    const twice = await projectInMemory(shipmentHistoryProjection, history, structuredClone(once));
    expect(twice).toEqual(once);
    expect([...once.get(SHIPMENTS)!.values()].map(({ exporterId, importerKey, country, releasedOn }) => [exporterId, importerKey, country, releasedOn])).toEqual([
      ['12345678', 'optics rhein', 'DE', '2027-01-05'],
      ['12345678', 'optics rhein', 'DE', '2027-02-01'],
    ]);
  });

  it('names the consignee as the importer, or the buyer when the consignee is the buyer', () => {
    const buyer = { name: 'Rhein Optics GmbH', address: 'Mainz', country: 'DE' };
    expect(importerOf({ buyer, consignee: { sameAsBuyer: true } })).toBe('Rhein Optics GmbH');
    expect(importerOf({ buyer, consignee: { name: 'Lager Nord KG', address: 'Hamburg', country: 'DE' } })).toBe('Lager Nord KG');
  });

  it('counts 6 months back to the same date, or the shorter month\'s last day', () => {
    expect(windowStart('2027-06-15')).toBe('2026-12-15');
    expect(windowStart('2027-08-31')).toBe('2027-02-28');
    expect(windowStart('2027-03-01')).toBe('2026-09-01');
  });
});
