import type { RecordedEvent } from '@shtc/event-store';
import { projectInMemory } from '@shtc/read-store';
import { standardApplication } from '../../libs/domain/src/case/case.fixtures';
import { CASES, caseStatusProjection, type CaseDocument } from './case-status.projection';

const projection = caseStatusProjection({
  taipeiDate: (instant) => new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10),
  dueDate: (submittedAt, route) => `due(${submittedAt.slice(0, 10)},${route})`,
});

let position = 0n;
const event = (revision: number, type: string, data: object, stream = 'case-SHTC-2026-000001'): RecordedEvent => ({
  stream,
  revision,
  position: ++position,
  type,
  data,
  metadata: {
    eventId: `e${position}`, occurredAt: '2026-11-25T01:00:00.000Z', actor: { accountId: 'a', role: 'APPLICANT', businessId: '12345678' },
    correlationId: 'c', causationId: 'c', schemaVersion: 1, prevHash: '', hash: '',
  },
});

const events = [
  event(0, 'CaseRegistered', { caseNo: 'SHTC-2026-000001', application: standardApplication(), filedBy: {}, agentId: null, registeredAt: '2026-11-24T17:30:00.000Z' }),
  event(1, 'AttachmentAdded', { attachmentId: 'x' }),
  event(2, 'ApplicationSubmitted', { endUse: 'Research', submittedAt: '2026-11-25T02:00:00.000Z' }),
];

describe('case-status projection', () => {
  it('keeps status, status in Chinese, the Taiwan application date and the due date', async () => {
    const doc = (await projectInMemory(projection, events)).get(CASES)!.get('SHTC-2026-000001') as CaseDocument;
    expect(doc).toMatchObject({
      status: 'INITIAL_REVIEW',
      statusZh: '初審中',
      appliedOn: '2026-11-25', // 01:30 in Taipei
      submittedAt: '2026-11-25T02:00:00.000Z',
      dueDate: 'due(2026-11-25,STANDARD)',
      applicantId: '12345678',
      statusHistory: [
        { status: 'REGISTERED', at: '2026-11-24T17:30:00.000Z' },
        { status: 'INITIAL_REVIEW', at: '2026-11-25T02:00:00.000Z' },
      ],
    });
  });

  it('gives the same documents when its events are applied twice', async () => {
    const once = await projectInMemory(projection, events);
    const twice = await projectInMemory(projection, events, await projectInMemory(projection, events));
    expect(twice).toEqual(once);
  });
});
