import { caseCodec, evolveCase, initialCaseState, type CaseEvent, type FiledCase } from '@shtc/domain';
import type { RecordedEvent } from '@shtc/event-store';
import { projectInMemory, type Document } from '@shtc/read-store';
import { isControlledArea, officeCalendar } from '@shtc/reference-data';
import { iranNkApplication, standardApplication } from '../../libs/domain/src/case/case.fixtures';
import {
  alice,
  bob,
  claimed,
  consultationCompleted,
  forwarded,
  hit,
  referred,
  replied,
  screenedWith,
  submittedCase,
  supplementRequested,
} from '../../libs/domain/src/case/review/review.fixtures';
import {
  COUNTS_ALL,
  COUNTS_UNASSIGNED,
  REVIEW_QUEUE_CASES,
  REVIEW_QUEUE_COUNTS,
  countsOfAssignee,
  reviewQueuesProjection,
  type ReviewQueueDocument,
} from './review-queues.projection';

const projection = reviewQueuesProjection({ calendar: officeCalendar, isControlledArea });

let position = 0n;
/** The events of one case as the store hands them to projections, each at its codec's current version. */
function recorded(caseNo: string, events: CaseEvent[]): RecordedEvent[] {
  return events.map((event, revision) => ({
    stream: caseCodec.streamOf(caseNo),
    revision,
    position: ++position,
    type: event.type,
    data: event.data,
    metadata: {
      eventId: `e${position}`, occurredAt: '2026-12-01T02:00:00.000Z', actor: alice,
      correlationId: 'c', causationId: 'c', schemaVersion: caseCodec.schemaVersion(event.type), prevHash: '', hash: '',
    },
  }));
}

async function project(events: RecordedEvent[], documents?: Map<string, Map<string, Document>>) {
  const projected = await projectInMemory(projection, events, documents);
  return {
    projected,
    doc: (caseNo: string) => projected.get(REVIEW_QUEUE_CASES)?.get(caseNo) as ReviewQueueDocument | undefined,
    counts: (id = COUNTS_ALL) => projected.get(REVIEW_QUEUE_COUNTS)?.get(id),
  };
}

const caseNo = 'SHTC-2026-000001';
const submitted = submittedCase(); // submitted on Tue 2026-12-01, 10:00 in Taipei
const releaseBy = (by = alice): CaseEvent => ({ type: 'CaseReleased', data: { releasedAt: '2026-12-02T04:00:00.000Z', by } });
const approved: CaseEvent = {
  type: 'CaseApproved',
  data: {
    note: '', approvedAt: '2026-12-04T03:00:00.000Z', by: bob,
    licence: { licenceNo: 'L1', issuedOn: '2026-12-04', validUntil: '2027-06-04', validityMonths: 6, validityReason: 'STANDARD' as never },
  },
};

describe('review-queues projection', () => {
  it('puts a submitted case in the initial review queue with its due date, data and no assignee (R-REV-1, R-REV-4)', async () => {
    const { doc, counts } = await project(recorded(caseNo, submitted));
    expect(doc(caseNo)).toMatchObject({
      caseNo, queue: 'INITIAL_REVIEW', status: 'INITIAL_REVIEW', route: 'STANDARD', kind: 'NEW', destination: 'DE',
      applicantId: '12345678', assignee: null, assigneeId: null, flags: [],
      submittedAt: '2026-12-01T02:00:00.000Z',
      dueDate: '2026-12-10', // 7 working days after Tue 1 Dec
    });
    expect(counts()).toMatchObject({ INITIAL_REVIEW: 1, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 0 });
    expect(counts(COUNTS_UNASSIGNED)).toMatchObject({ INITIAL_REVIEW: 1 });
  });

  it('keeps a registered case out of every queue', async () => {
    const { doc, counts } = await project(recorded(caseNo, submitted.slice(0, 1)));
    expect(doc(caseNo)).toMatchObject({ queue: null, status: 'REGISTERED', dueDate: null });
    expect(counts()).toBeUndefined();
  });

  it('follows a case through claim, supplement, consultation, second review and approval, moving the counts', async () => {
    const steps: Array<[CaseEvent, Partial<ReviewQueueDocument>]> = [
      [claimed(alice), { queue: 'INITIAL_REVIEW', assigneeId: 'R001', assignee: { accountId: 'acc-r1', businessId: 'R001', name: 'Reviewer R001' } }],
      [supplementRequested(alice), { queue: 'AWAITING_SUPPLEMENT', status: 'AWAITING_SUPPLEMENT', assigneeId: 'R001', replyBy: '2026-12-10', pausedOverdue: false }],
      [{ type: 'SupplementProvided', data: { note: 'Sent', providedAt: '2026-12-04T02:00:00.000Z', resumeTo: 'INITIAL_REVIEW', by: alice } }, {
        queue: 'INITIAL_REVIEW', pausedOverdue: null, replyBy: null,
        dueDate: '2026-12-14', // paused from Wed 2 to Fri 4 Dec: 2 working days later than Thu 10 Dec
      }],
      [referred(alice), { queue: 'CONSULTATION', status: 'CONSULTATION' }],
      [replied('MOEA-IDB', alice), { queue: 'CONSULTATION' }],
      [replied('MND', alice), { queue: 'CONSULTATION' }],
      [consultationCompleted(), { queue: 'INITIAL_REVIEW', status: 'INITIAL_REVIEW' }],
      [forwarded(alice), { queue: 'SECOND_REVIEW', status: 'SECOND_REVIEW', assignee: null, assigneeId: null, initialReviewerIds: ['acc-r1'] }],
      [claimed(bob), { queue: 'SECOND_REVIEW', assigneeId: 'R002' }],
      [approved, { queue: null, status: 'APPROVED' }],
    ];
    let documents = (await project(recorded(caseNo, submitted))).projected;
    const events = [...submitted];
    for (const [event, expected] of steps) {
      events.push(event);
      const { doc, counts, projected } = await project(recorded(caseNo, events).slice(-1), documents);
      documents = projected;
      expect(doc(caseNo)).toMatchObject(expected);
      const queue = doc(caseNo)!.queue;
      const all = counts()!;
      for (const q of ['INITIAL_REVIEW', 'CONSULTATION', 'SECOND_REVIEW', 'AWAITING_SUPPLEMENT'] as const) expect([q, all[q]]).toEqual([q, q === queue ? 1 : 0]);
    }
    const { counts } = await project([], documents);
    expect(counts(countsOfAssignee('R001'))).toMatchObject({ INITIAL_REVIEW: 0, AWAITING_SUPPLEMENT: 0 });
    expect(counts(countsOfAssignee('R002'))).toMatchObject({ SECOND_REVIEW: 0 });
    expect(counts(COUNTS_UNASSIGNED)).toMatchObject({ INITIAL_REVIEW: 0, CONSULTATION: 0, SECOND_REVIEW: 0, AWAITING_SUPPLEMENT: 0 });
  });

  it('sets the due date 30 working days out once referred to consultation, and for Iran/NK cases', async () => {
    const consulted = await project(recorded(caseNo, [...submitted, referred(alice)]));
    expect(consulted.doc(caseNo)!.dueDate).toBe(officeCalendar.addWorkingDays('2026-12-01', 30));
    const iranNk = await project(recorded('SHTC-2026-000002', submittedCase(iranNkApplication())));
    expect(iranNk.doc('SHTC-2026-000002')).toMatchObject({ route: 'IRAN_NK', dueDate: officeCalendar.addWorkingDays('2026-12-01', 30), flags: ['CONTROLLED_AREA', 'IRAN_NK'] });
  });

  it('flags a screening hit while it is open or a true match, and not once it is a false match (R-REV-7)', async () => {
    const screened = [...submitted, screenedWith([hit(), hit({ hitId: 'hit-2', party: 'END_USER' })])];
    const dispose = (hitId: string, disposition: 'TRUE_MATCH' | 'FALSE_MATCH'): CaseEvent => ({
      type: 'ScreeningHitDisposed',
      data: { hitId, disposition, reason: 'Checked the address', disposedAt: '2026-12-02T03:00:00.000Z', by: alice },
    });
    expect((await project(recorded(caseNo, screened))).doc(caseNo)!.flags).toEqual(['SCREENING_HIT']);
    const oneFalse = [...screened, dispose('hit-1', 'FALSE_MATCH')];
    expect((await project(recorded(caseNo, oneFalse))).doc(caseNo)!.flagged.SCREENING_HIT).toBe(true);
    const bothFalse = [...oneFalse, dispose('hit-2', 'FALSE_MATCH')];
    expect((await project(recorded(caseNo, bothFalse))).doc(caseNo)!.flags).toEqual([]);
    // Screened again with the same entries: known hits keep their disposition.
    const again = [...bothFalse, screenedWith([hit()])];
    expect((await project(recorded(caseNo, again))).doc(caseNo)!.flags).toEqual([]);
    const trueMatch = [...screened, dispose('hit-1', 'TRUE_MATCH'), dispose('hit-2', 'FALSE_MATCH')];
    expect((await project(recorded(caseNo, trueMatch))).doc(caseNo)!.flags).toEqual(['SCREENING_HIT']);
  });

  it('flags a destination in the controlled-area list', async () => {
    const { doc } = await project(recorded(caseNo, submittedCase(standardApplication({ destination: 'KP' }))));
    expect(isControlledArea('KP')).toBe(true);
    expect(doc(caseNo)!.flags).toContain('CONTROLLED_AREA');
  });

  it('keeps the assignee and status the case itself folds to', async () => {
    const events = [...submitted, claimed(alice), releaseBy(), claimed(bob), forwarded(bob), claimed(alice)];
    const state = events.reduce(evolveCase, initialCaseState) as FiledCase;
    const { doc } = await project(recorded(caseNo, events));
    expect({ assignee: doc(caseNo)!.assignee, status: doc(caseNo)!.status }).toEqual({ assignee: state.assignee, status: state.status });
  });

  it('gives the same documents and counts when its events are applied twice', async () => {
    const events = [
      ...recorded(caseNo, [...submitted, claimed(alice), supplementRequested(alice)]),
      ...recorded('SHTC-2026-000002', submittedCase()),
      ...recorded('SHTC-2026-000003', [...submitted, claimed(bob), forwarded(bob)]),
    ];
    const once = await project(events);
    const twice = await project(events, (await project(events)).projected);
    expect(twice.projected).toEqual(once.projected);
    expect(once.counts()).toMatchObject({ INITIAL_REVIEW: 1, AWAITING_SUPPLEMENT: 1, SECOND_REVIEW: 1 });
    expect(once.counts(COUNTS_UNASSIGNED)).toMatchObject({ INITIAL_REVIEW: 1, SECOND_REVIEW: 1 });
    expect(once.counts(countsOfAssignee('R001'))).toMatchObject({ AWAITING_SUPPLEMENT: 1 });
  });

  it('ignores streams that are not cases', async () => {
    const [event] = recorded(caseNo, submitted.slice(0, 1));
    const { projected } = await project([{ ...event, stream: 'account-12345678' }]);
    expect(projected.get(REVIEW_QUEUE_CASES)).toBeUndefined();
  });
});
