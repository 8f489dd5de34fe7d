import type { RecordedEvent } from '@shtc/event-store';
import { projectInMemory } from '@shtc/read-store';
import { closedOut, exhibitionIssued, returnBy, shippedToShow } from '../../libs/domain/src/licence/close-out.fixtures';
import { issued } from '../../libs/domain/src/licence/licence.fixtures';
import { licenceHistory, recorded } from '../licence-history.fixtures';
import { LICENCES, LICENCE_DECLARATIONS, licenceOf, licenceRegisterProjection, type LicenceDocument } from './licence-register.projection';

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

describe('licence-register projection: exhibition close-outs (R-EXEMPT-4)', () => {
  const licenceNo = 'LIC-2026-000002';
  const history = [
    recorded(licenceNo, 0, exhibitionIssued({ licenceNo })),
    recorded(licenceNo, 1, shippedToShow()),
    recorded(licenceNo, 2, closedOut()),
  ];
  const documentAfter = async (events: RecordedEvent[]) => (await projectInMemory(licenceRegisterProjection, events)).get(LICENCES)!.get(licenceNo)!;

  it('keeps closeOutBy and the close-out, and owes a close-out only from the first release until it is recorded; replays change nothing', async () => {
    const once = await projectInMemory(licenceRegisterProjection, history);
    const twice = await projectInMemory(licenceRegisterProjection, history, structuredClone(once));
    expect(twice).toEqual(once);
    expect(once.get(LICENCES)!.get(licenceNo)).toMatchObject({ closeOutBy: returnBy, closedOut: closedOut().data, closeOutOwedBy: null, revision: 2 });
    expect(await documentAfter(history.slice(0, 1))).toMatchObject({ closeOutBy: returnBy, closedOut: null, closeOutOwedBy: null });
    expect(await documentAfter(history.slice(0, 2))).toMatchObject({ closeOutBy: returnBy, closedOut: null, closeOutOwedBy: returnBy });
  });

  it('reads a licence stored before close-outs (LicenceIssued v1) as owing none, and keeps the scalar out of the licence it gives back', async () => {
    const { closeOutBy: _, ...v1 } = exhibitionIssued({ licenceNo }).data;
    const old = { ...recorded(licenceNo, 0, { type: 'LicenceIssued', data: v1 }), metadata: { ...recorded(licenceNo, 0, issued()).metadata, schemaVersion: 1 } };
    const document = (await projectInMemory(licenceRegisterProjection, [old, recorded(licenceNo, 1, shippedToShow())])).get(LICENCES)!.get(licenceNo)! as LicenceDocument;
    expect(document).toMatchObject({ closeOutBy: null, closeOutOwedBy: null });
    expect(Object.keys(licenceOf(document))).not.toContain('closeOutOwedBy');
  });
});
