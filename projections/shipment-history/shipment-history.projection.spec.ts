import { projectInMemory } from '@shtc/read-store';
import { licenceHistory } from '../licence-history.fixtures';
import { SHIPMENTS, importerOf, shipmentHistoryProjection, windowStart } from './shipment-history.projection';

describe('shipment-history projection', () => {
  it('keeps one shipment per release by exporter, importer (normalised) and country, with its Taipei day; replays change nothing', async () => {
    const once = await projectInMemory(shipmentHistoryProjection, licenceHistory);
    const twice = await projectInMemory(shipmentHistoryProjection, licenceHistory, structuredClone(once));
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
