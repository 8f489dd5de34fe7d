import type { RecordedEvent } from '@shtc/event-store';
import { projectInMemory } from '@shtc/read-store';
import { applicant, standardApplication } from '../../libs/domain/src/case/case.fixtures';
import { PRECEDENTS, precedentKeys, precedentsProjection } from './precedents.projection';

const reviewer = { accountId: 'r', role: 'REVIEWER', businessId: 'R001' };
let position = 0n;
const event = (caseNo: string, revision: number, type: string, data: object): RecordedEvent => ({
  stream: `case-${caseNo}`, revision, position: ++position, type, data,
  metadata: { eventId: `e${position}`, occurredAt: '2026-11-25T01:00:00.000Z', actor: applicant, correlationId: 'c', causationId: 'c', schemaVersion: 1, prevHash: '', hash: '' },
});
const registered = (caseNo: string, application = standardApplication()) =>
  event(caseNo, 0, 'CaseRegistered', { caseNo, application, warnings: [], filedBy: applicant, agentId: null, registeredAt: '2026-11-24T00:00:00.000Z' });

describe('precedents projection', () => {
  it('keys a case by its normalised end user and buyer, CCC codes and export control numbers', () => {
    const application = standardApplication();
    expect(precedentKeys({ ...application, endUser: { ...application.endUser, name: 'RHEIN-OPTICS Co., Ltd.', nameZh: '萊茵光學有限公司' } })).toEqual([
      'END_USER:optics rhein',
      'END_USER:萊茵光學',
      'BUYER:optics rhein',
      ...application.items.flatMap((item) => [`ECCN:${item.eccn.toUpperCase()}`, `CCC_CODE:${item.cccCode}`]),
    ]);
  });

  it('indexes decided cases only, with outcome and time, and replays idempotently', async () => {
    const events = [
      registered('SHTC-2026-000001'),
      event('SHTC-2026-000001', 1, 'CaseRejected', { reasons: ['No'], rejectedAt: '2026-12-01T00:00:00.000Z', by: reviewer }),
      registered('SHTC-2026-000002'),
      registered('SHTC-2026-000003'),
      event('SHTC-2026-000003', 1, 'ClosedForAmendment', { reasons: ['Fix'], closedAt: '2026-12-02T00:00:00.000Z', by: reviewer }),
    ];
    const once = await projectInMemory(precedentsProjection, events);
    const twice = await projectInMemory(precedentsProjection, events, structuredClone(once));
    expect(twice).toEqual(once);
    const docs = [...once.get(PRECEDENTS)!.values()];
    expect(new Set(docs.map((doc) => `${doc.caseNo} ${doc.outcome} ${doc.decidedAt}`))).toEqual(
      new Set(['SHTC-2026-000001 REJECTED 2026-12-01T00:00:00.000Z', 'SHTC-2026-000003 CLOSED_FOR_AMENDMENT 2026-12-02T00:00:00.000Z']),
    );
    expect(docs.find((doc) => doc.caseNo === 'SHTC-2026-000001' && doc.matchedOn === 'BUYER')).toMatchObject({ key: 'BUYER:optics rhein' });
  });
});
