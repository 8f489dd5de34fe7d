import type { RecordedEvent } from '@shtc/event-store';
import { projectInMemory } from '@shtc/read-store';
import { officeCalendar } from '@shtc/reference-data';
import { applicant, standardApplication } from '../../libs/domain/src/case/case.fixtures';
import { CASES, caseStatusProjection, type CaseDocument } from './case-status.projection';

const projection = caseStatusProjection({ calendar: officeCalendar });

let position = 0n;
const event = (revision: number, type: string, data: object, schemaVersion = 2, stream = 'case-SHTC-2026-000001'): RecordedEvent => ({
  stream,
  revision,
  position: ++position,
  type,
  data,
  metadata: {
    eventId: `e${position}`, occurredAt: '2026-11-25T01:00:00.000Z', actor: applicant,
    correlationId: 'c', causationId: 'c', schemaVersion, prevHash: '', hash: '',
  },
});

const events = [
  event(0, 'CaseRegistered', { caseNo: 'SHTC-2026-000001', application: standardApplication(), warnings: [], filedBy: applicant, agentId: null, registeredAt: '2026-11-24T17:30:00.000Z' }, 1),
  event(1, 'AttachmentAdded', { attachmentId: 'x', type: 'CATALOGUE', fileName: 'c.pdf', size: 1, sha256: 'a'.repeat(64), mediaType: 'application/pdf', dataVersion: 1, addedAt: '2026-11-25T01:00:00.000Z', by: applicant }),
  // Stored in its first shape (no `by`): the codec upcasts it on the way in.
  event(2, 'ApplicationSubmitted', { endUse: 'Research', submittedAt: '2026-11-25T02:00:00.000Z' }, 1),
];

describe('case-status projection', () => {
  it('keeps status, status in Chinese, the Taiwan application date and the review due date', async () => {
    const doc = (await projectInMemory(projection, events)).get(CASES)!.get('SHTC-2026-000001') as CaseDocument;
    expect(doc).toMatchObject({
      status: 'INITIAL_REVIEW',
      statusZh: '初審中',
      appliedOn: '2026-11-25', // 01:30 in Taipei
      submittedAt: '2026-11-25T02:00:00.000Z',
      dueDate: '2026-12-04', // 7 working days after Wed 25 Nov (R-REV-4)
      applicantId: '12345678',
      revision: 2,
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

  it('ignores streams that are not cases', async () => {
    const other = event(0, 'CaseRegistered', { caseNo: 'x' }, 1, 'account-12345678');
    expect((await projectInMemory(projection, [other])).get(CASES)).toBeUndefined();
  });
});
