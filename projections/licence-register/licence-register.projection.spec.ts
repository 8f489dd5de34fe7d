import { projectInMemory } from '@shtc/read-store';
import { licenceHistory } from '../licence-history.fixtures';
import { LICENCES, LICENCE_DECLARATIONS, licenceRegisterProjection } from './licence-register.projection';

describe('licence-register projection', () => {
  it('folds each licence as the licence decider does: status, shipped and balance, releases, comparisons; replays change nothing', async () => {
    const once = await projectInMemory(licenceRegisterProjection, licenceHistory);
    const twice = await projectInMemory(licenceRegisterProjection, licenceHistory, structuredClone(once));
    expect(twice).toEqual(once);
    const licence = once.get(LICENCES)!.get('LIC-2026-000001')!;
    expect(licence).toMatchObject({ status: 'CANCELLED', holderId: '12345678', agentId: null, validUntil: '2027-06-03', revision: 4 });
    expect(licence.items).toMatchObject([{ itemNo: 1, quantity: '100.5', shipped: '40.5', balance: '60' }, { itemNo: 2, quantity: '10', shipped: '0', balance: '10' }]);
    expect((licence.releases as unknown[]).length).toBe(2);
    expect([...once.get(LICENCE_DECLARATIONS)!.values()]).toMatchObject([
      { id: 'AA/15/123/45678|LIC-2026-000001', declarationNo: 'AA/15/123/45678', licenceNo: 'LIC-2026-000001', holderId: '12345678', comparison: { result: 'MATCH' } },
    ]);
  });
});
