import type { RecordedEvent } from '@shtc/event-store';
import { projectInMemory } from '@shtc/read-store';
import { cancelled, customs, declaration, inValidity, issued, released } from '../../libs/domain/src/licence/licence.fixtures';
import { LICENCES, LICENCE_DECLARATIONS, licenceRegisterProjection } from './licence-register.projection';

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

describe('licence-register projection', () => {
  it('folds each licence as the licence decider does: status, shipped and balance, releases, comparisons; replays change nothing', async () => {
    const once = await projectInMemory(licenceRegisterProjection, history);
    const twice = await projectInMemory(licenceRegisterProjection, history, structuredClone(once));
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
