import { fold } from '../../shared/decider';
import { isRefusal } from '../../shared/refusal';
import { deciderSpec } from '../../testing/decider-spec';
import { applicant, attached, iranNkApplication } from '../case.fixtures';
import type { ApproveCase, CaseCommand, ReassignCase } from '../case.commands';
import { caseDecider } from '../case.decider';
import type { CaseEvent } from '../case.events';
import type { FiledCase } from '../case.state';
import { allowedActions } from '../transitions';
import { lastDayValid, licenceValidity, type LicenceTerms } from './licence-validity';
import {
  alice,
  assigneeOf,
  bob,
  carol,
  claimed,
  consultationCompleted,
  forwarded,
  hit,
  operator,
  referred,
  replied,
  reviewAt,
  screenedWith,
  secondAt,
  submittedAt,
  submittedCase,
  supplementRequested,
  text,
} from './review.fixtures';

const spec = deciderSpec(caseDecider);
const stateOf = (events: CaseEvent[]) => fold(caseDecider, events) as FiledCase;
const decide = (events: CaseEvent[], command: CaseCommand) => caseDecider.decide(command, fold(caseDecider, events));
const now = '2026-12-04T03:00:00.000Z';

const terms = (overrides: Partial<LicenceTerms> = {}): LicenceTerms => ({
  licenceNo: 'L-2026-000001',
  issuedOn: '2026-12-04',
  destinationInAllRegimes: false,
  destinationControlled: false,
  recentShipmentsToImporter: 0,
  ...overrides,
});
const approve = (by = bob, licence = terms()): ApproveCase => ({ type: 'ApproveCase', note: text('Approved'), licence, by, at: now });
const inSecondReview = [...submittedCase(), claimed(alice), forwarded(alice)];

describe('case decider: review (case/review/)', () => {
  describe('claim, release and reassign (R-REV-2)', () => {
    it('assigns an unclaimed case to the reviewer who claims it', () => {
      spec.given(submittedCase()).when({ type: 'ClaimCase', assignee: assigneeOf(alice), by: alice, at: reviewAt }).then([claimed(alice)]);
    });
    it('refuses a case assigned to another reviewer with 409, naming the assignee', () => {
      const decision = decide([...submittedCase(), claimed(alice)], { type: 'ClaimCase', assignee: assigneeOf(bob), by: bob, at: now });
      expect(isRefusal(decision) && { rule: decision.rule, kind: decision.kind, assignee: decision.details.assignee }).toEqual({
        rule: 'R-REV-2',
        kind: 'CONFLICT',
        assignee: { businessId: 'R001', name: 'Reviewer R001' },
      });
    });
    it('refuses to claim again a case already yours', () => {
      spec.given([...submittedCase(), claimed(alice)]).when({ type: 'ClaimCase', assignee: assigneeOf(alice), by: alice, at: now }).thenRefuses('R-REV-2', { kind: 'CONFLICT' });
    });
    it('keeps the initial reviewer from claiming the second review (R-REV-3)', () => {
      spec.given(inSecondReview).when({ type: 'ClaimCase', assignee: assigneeOf(alice), by: alice, at: now }).thenRefuses('R-REV-3', { kind: 'FORBIDDEN' });
      spec.given(inSecondReview).when({ type: 'ClaimCase', assignee: assigneeOf(bob), by: bob, at: now }).then([claimed(bob, now)]);
    });
    it('refuses to claim a case not yet submitted (409 with its status) or one decided', () => {
      const decision = decide(submittedCase().slice(0, 1), { type: 'ClaimCase', assignee: assigneeOf(alice), by: alice, at: now });
      expect(isRefusal(decision) && decision.details).toEqual({ caseStatus: 'REGISTERED', allowedActions: [] });
    });
    it('refuses review commands to the applicant side (R-ACC-5)', () => {
      spec.given(submittedCase()).when({ type: 'ClaimCase', assignee: assigneeOf(applicant), by: applicant, at: now }).thenRefuses('R-ACC-5', { kind: 'FORBIDDEN' });
    });
    it('releases a case by its assignee only', () => {
      const mine = [...submittedCase(), claimed(alice)];
      spec.given(mine).when({ type: 'ReleaseCase', by: alice, at: now }).then([{ type: 'CaseReleased', data: { releasedAt: now, by: alice } }]);
      spec.given(mine).when({ type: 'ReleaseCase', by: bob, at: now }).thenRefuses('R-REV-2', { kind: 'CONFLICT' });
      spec.given(submittedCase()).when({ type: 'ReleaseCase', by: alice, at: now }).thenRefuses('R-REV-2', { kind: 'CONFLICT' });
    });
    it('reassigns to another reviewer with a reason', () => {
      spec
        .given([...submittedCase(), claimed(alice)])
        .when({ type: 'ReassignCase', to: { ...assigneeOf(carol), role: 'REVIEWER' }, reason: text('Alice is on leave'), by: bob, at: now })
        .then([{ type: 'CaseReassigned', data: { assignee: assigneeOf(carol), reason: 'Alice is on leave', reassignedAt: now, by: bob } }]);
    });
    it('reassigns only to a reviewer account, not to the assignee again, nor the initial reviewer in second review', () => {
      const reassign = (to: ReassignCase['to']): CaseCommand => ({ type: 'ReassignCase', to, reason: text('Workload'), by: bob, at: now });
      spec.given(submittedCase()).when(reassign(null)).thenRefuses('R-REV-2', { field: 'reviewerBusinessId' });
      spec.given(submittedCase()).when(reassign({ ...assigneeOf(applicant), role: 'APPLICANT' })).thenRefuses('R-REV-2', { field: 'reviewerBusinessId' });
      spec.given([...submittedCase(), claimed(alice)]).when(reassign({ ...assigneeOf(alice), role: 'REVIEWER' })).thenRefuses('R-REV-2', { kind: 'CONFLICT' });
      spec.given(inSecondReview).when(reassign({ ...assigneeOf(alice), role: 'REVIEWER' })).thenRefuses('R-REV-3', { field: 'reviewerBusinessId' });
    });
  });

  describe('supplements (R-REV-5), the clock paused (R-REV-4)', () => {
    const ask = (by = alice): CaseCommand => ({ type: 'RequestSupplement', documents: ['BUSINESS_LICENCE'], message: text('Please send the business licence'), replyBy: '2026-12-10', by, at: reviewAt });
    it('asks for documents by a date, remembering the stage the case left', () => {
      spec.given(submittedCase()).when(ask()).then([supplementRequested(alice)]);
      spec.given([...inSecondReview, claimed(bob)]).when(ask(bob)).then([supplementRequested(bob, 'SECOND_REVIEW')]);
    });
    it('refuses a deadline not after today, no documents, or a case assigned to another reviewer', () => {
      spec.given(submittedCase()).when({ ...ask(), replyBy: '2026-12-02' } as CaseCommand).thenRefuses('R-REV-5', { field: 'replyBy' });
      spec.given(submittedCase()).when({ ...ask(), documents: [] } as CaseCommand).thenRefuses('R-REV-5', { field: 'documents' });
      spec.given([...submittedCase(), claimed(bob)]).when(ask()).thenRefuses('R-REV-2', { kind: 'CONFLICT' });
    });
    const provide: CaseCommand = { type: 'ProvideSupplement', note: text('Licence attached'), by: applicant, at: now };
    it('refuses the reply until every document asked for is uploaded after the request', () => {
      spec.given([...submittedCase(), supplementRequested(alice)]).when(provide).thenRefuses('R-REV-5', { field: 'attachments.BUSINESS_LICENCE' });
    });
    it('returns the case to the stage it left once the documents are in', () => {
      const uploaded: CaseEvent = { ...attached('BUSINESS_LICENCE'), data: { ...(attached('BUSINESS_LICENCE').data as object), addedAt: now } } as CaseEvent;
      const given = [...inSecondReview, claimed(bob), supplementRequested(bob, 'SECOND_REVIEW'), uploaded];
      spec.given(given).when(provide).then([{ type: 'SupplementProvided', data: { note: 'Licence attached', providedAt: now, resumeTo: 'SECOND_REVIEW', by: applicant } }]);
      const after = stateOf([...given, { type: 'SupplementProvided', data: { note: '', providedAt: now, resumeTo: 'SECOND_REVIEW', by: applicant } }]);
      expect(after.status).toBe('SECOND_REVIEW');
      expect(after.assignee?.accountId).toBe(bob.accountId);
    });
    it('opens the reply to the applicant only while documents are awaited', () => {
      spec.given(submittedCase()).when(provide).thenRefuses('R-REV-5', { kind: 'CONFLICT' });
      expect(allowedActions(stateOf([...submittedCase(), supplementRequested(alice)]), 'APPLICANT')).toEqual(['attach', 'remove-attachment', 'supplement']);
    });
  });

  describe('consultation (R-REV-2, R-IRNK-5)', () => {
    const refer = (agencies = ['MOEA-IDB', 'MND']): CaseCommand => ({
      type: 'ReferToConsultation',
      agencies: agencies.map((agency) => ({ agency, dueDate: '2026-12-20' })),
      note: text('End user unclear'),
      by: alice,
      at: reviewAt,
    });
    const reply = (agency: string, at = secondAt): CaseCommand => ({ type: 'RecordConsultationReply', agency, opinion: 'NO_OBJECTION', note: text('No objection'), by: alice, at });
    it('refers the case to each agency with its due date', () => {
      spec.given(submittedCase()).when(refer()).then([referred(alice)]);
    });
    it('refuses no agency, an agency twice, or a due date not after today', () => {
      spec.given(submittedCase()).when(refer([])).thenRefuses('R-REV-2', { field: 'agencies' });
      spec.given(submittedCase()).when(refer(['MND', 'MND'])).thenRefuses('R-REV-2', { field: 'agencies[1].agency' });
      spec
        .given(submittedCase())
        .when({ ...refer(['MND']), agencies: [{ agency: 'MND', dueDate: '2026-12-01' }] } as CaseCommand)
        .thenRefuses('R-REV-2', { field: 'agencies[0].dueDate' });
    });
    it('keeps the case in consultation until every agency has replied, then returns it', () => {
      const given = [...submittedCase(), referred(alice)];
      spec.given(given).when(reply('MND')).then([replied('MND', alice)]);
      spec.given([...given, replied('MND', alice)]).when(reply('MOEA-IDB')).then([replied('MOEA-IDB', alice), consultationCompleted()]);
      const after = stateOf([...given, replied('MND', alice), replied('MOEA-IDB', alice), consultationCompleted()]);
      expect(after.status).toBe('INITIAL_REVIEW');
      expect(after.consultations[0].replies.map((r) => [r.agency, r.opinion])).toEqual([['MND', 'NO_OBJECTION'], ['MOEA-IDB', 'NO_OBJECTION']]);
    });
    it('refuses a reply from an agency not asked (422) or one that replied (409)', () => {
      const given = [...submittedCase(), referred(alice)];
      spec.given(given).when(reply('NSB')).thenRefuses('R-REV-2', { field: 'agency', kind: 'RULE' });
      spec.given([...given, replied('MND', alice)]).when(reply('MND')).thenRefuses('R-REV-2', { kind: 'CONFLICT' });
    });
  });

  describe('second review and decisions', () => {
    it('forwards with a recommendation: the case leaves its initial reviewer for the second review queue', () => {
      spec.given([...submittedCase(), claimed(alice)]).when({ type: 'ForwardToSecondReview', recommendation: 'APPROVE', note: text('Parties and goods check out'), by: alice, at: reviewAt }).then([forwarded(alice)]);
      const state = stateOf(inSecondReview);
      expect([state.status, state.assignee, state.initialReviewers.map((r) => r.accountId)]).toEqual(['SECOND_REVIEW', null, ['acc-r1']]);
    });
    it('returns to initial review with a reason, by a reviewer other than the initial one', () => {
      const back: CaseCommand = { type: 'ReturnToInitialReview', reason: text('Check the end user again'), by: bob, at: now };
      spec.given(inSecondReview).when(back).then([{ type: 'ReturnedToInitialReview', data: { reason: 'Check the end user again', returnedAt: now, by: bob } }]);
      spec.given(inSecondReview).when({ ...back, by: alice } as CaseCommand).thenRefuses('R-REV-3');
      expect(stateOf([...inSecondReview, { type: 'ReturnedToInitialReview', data: { reason: 'x', returnedAt: now, by: bob } }]).status).toBe('RETURNED_TO_INITIAL_REVIEW');
    });
    it('closes for amendment and rejects with reasons', () => {
      spec.given(submittedCase()).when({ type: 'CloseForAmendment', reasons: [text('Consignee address incomplete')], by: alice, at: now }).then([
        { type: 'ClosedForAmendment', data: { reasons: ['Consignee address incomplete'], closedAt: now, by: alice } },
      ]);
      spec.given(submittedCase()).when({ type: 'RejectCase', reasons: [text('End user on a denied list')], by: alice, at: now }).then([
        { type: 'CaseRejected', data: { reasons: ['End user on a denied list'], rejectedAt: now, by: alice } },
      ]);
      spec.given(submittedCase()).when({ type: 'RejectCase', reasons: [], by: alice, at: now }).thenRefuses('R-REV-2', { field: 'reasons' });
    });
    it('approves in second review by another reviewer, issuing a 6-month licence', () => {
      spec.given(inSecondReview).when(approve()).then([
        {
          type: 'CaseApproved',
          data: { note: 'Approved', approvedAt: now, by: bob, licence: { licenceNo: 'L-2026-000001', issuedOn: '2026-12-04', validUntil: '2027-06-03', validityMonths: 6, validityReason: 'STANDARD' } },
        },
      ]);
      expect(stateOf([...inSecondReview, ...(decide(inSecondReview, approve()) as CaseEvent[])]).status).toBe('APPROVED');
    });
    it('refuses approval by the reviewer who did the initial review (R-REV-3), and hides it from their actions', () => {
      spec.given(inSecondReview).when(approve(alice)).thenRefuses('R-REV-3', { kind: 'FORBIDDEN' });
      expect(allowedActions(stateOf(inSecondReview), 'REVIEWER', alice)).not.toContain('approve');
      expect(allowedActions(stateOf(inSecondReview), 'REVIEWER', bob)).toContain('approve');
    });
    it('refuses approval outside second review with 409, the status and the actions open now', () => {
      const decision = decide([...submittedCase(), claimed(alice)], approve(alice));
      expect(isRefusal(decision) && { rule: decision.rule, kind: decision.kind, details: decision.details }).toEqual({
        rule: 'R-REV-3',
        kind: 'CONFLICT',
        details: {
          caseStatus: 'INITIAL_REVIEW',
          allowedActions: ['release', 'reassign', 'request-supplement', 'refer-consultation', 'forward', 'close-for-amendment', 'reject', 'cancel', 'notes'],
        },
      });
    });
    it('refuses to approve an Iran/North Korea case before a completed consultation (R-IRNK-5)', () => {
      const irnk = submittedCase(iranNkApplication());
      spec.given([...irnk, forwarded(alice)]).when(approve()).thenRefuses('R-IRNK-5');
      spec.given([...irnk, referred(alice), replied('MND', alice), replied('MOEA-IDB', alice)]).when(approve()).thenRefuses('R-REV-3', { kind: 'CONFLICT' });
      const consulted = [...irnk, referred(alice), replied('MND', alice), replied('MOEA-IDB', alice), consultationCompleted(), forwarded(alice)];
      expect(isRefusal(decide(consulted, approve()))).toBe(false);
    });
    it('refuses to approve with a screening hit open or true, unless consulted (R-REV-7)', () => {
      const hitOpen = [...submittedCase(), screenedWith([hit()]), forwarded(alice)];
      spec.given(hitOpen).when(approve()).thenRefuses('R-REV-7');
      const disposed = (disposition: 'TRUE_MATCH' | 'FALSE_MATCH'): CaseEvent => ({
        type: 'ScreeningHitDisposed',
        data: { hitId: 'hit-1', disposition, reason: 'Different company', disposedAt: reviewAt, by: alice },
      });
      expect(isRefusal(decide([...hitOpen, disposed('FALSE_MATCH')], approve()))).toBe(false);
      spec.given([...hitOpen, disposed('TRUE_MATCH')]).when(approve()).thenRefuses('R-REV-7');
    });
    it('cancels on the applicant\'s request by a reviewer after submission (R-NEW-5); the applicant no longer cancels', () => {
      spec.given(submittedCase()).when({ type: 'CancelOnRequest', reason: text('Applicant asked by phone'), by: alice, at: now }).then([
        { type: 'CaseCancelled', data: { reason: 'Applicant asked by phone', cancelledAt: now, by: alice } },
      ]);
      spec.given(submittedCase()).when({ type: 'CancelApplication', reason: text('Changed my mind'), by: applicant, at: now }).thenRefuses('R-NEW-5', { kind: 'CONFLICT' });
    });
    it('opens nothing but notes once decided', () => {
      const approved = [...inSecondReview, ...(decide(inSecondReview, approve()) as CaseEvent[])];
      expect(allowedActions(stateOf(approved), 'REVIEWER', bob)).toEqual(['notes']);
      expect(stateOf(approved).decision).toEqual({ outcome: 'APPROVED', at: now, by: bob, reasons: ['Approved'] });
    });
  });

  describe('notes and screening (R-REV-7)', () => {
    it('adds an internal note once per note id', () => {
      const add: CaseCommand = { type: 'AddNote', noteId: 'n-1', text: text('Called the applicant'), by: alice, at: now };
      const added: CaseEvent = { type: 'CaseNoteAdded', data: { noteId: 'n-1', text: 'Called the applicant', addedAt: now, by: alice } };
      spec.given(submittedCase()).when(add).then([added]);
      spec.given([...submittedCase(), added]).when(add).then([]);
    });
    it('screens the parties at submission against the lists loaded', () => {
      const [registeredEvent, ...rest] = submittedCase();
      const uploads = rest.slice(0, -1);
      spec
        .given([registeredEvent, ...uploads])
        .when({ type: 'SubmitApplication', endUse: 'Optical test benches for telecom R&D', screening: { lists: ['EU-CONSOLIDATED@2026-11-30'], hits: [hit()] }, by: applicant, at: submittedAt })
        .then([{ type: 'ApplicationSubmitted', data: { endUse: 'Optical test benches for telecom R&D', submittedAt, by: applicant } }, screenedWith([hit()])]);
    });
    it('records only new hits when a list is loaded, and nothing when nothing changed', () => {
      const screen = (hits = [hit(), hit({ hitId: 'hit-2', party: 'END_USER' })], lists = ['EU-CONSOLIDATED@2026-11-30']): CaseCommand => ({
        type: 'ScreenParties',
        screening: { lists, hits },
        by: operator,
        at: submittedAt,
      });
      const given = [...submittedCase(), screenedWith([hit()])];
      spec.given(given).when(screen()).then([screenedWith([hit({ hitId: 'hit-2', party: 'END_USER' })], operator)]);
      spec.given(given).when(screen([hit()])).then([]);
      spec.given(submittedCase()).when(screen()).then([screenedWith([hit(), hit({ hitId: 'hit-2', party: 'END_USER' })], operator)]);
    });
    it('records a disposition with its reason; an unknown hit is 404', () => {
      const given = [...submittedCase(), screenedWith([hit()])];
      const dispose = (hitId: string): CaseCommand => ({ type: 'DisposeScreeningHit', hitId, disposition: 'FALSE_MATCH', reason: text('Other country'), by: alice, at: now });
      spec.given(given).when(dispose('hit-1')).then([{ type: 'ScreeningHitDisposed', data: { hitId: 'hit-1', disposition: 'FALSE_MATCH', reason: 'Other country', disposedAt: now, by: alice } }]);
      spec.given(given).when(dispose('hit-9')).thenRefuses('R-REV-7', { kind: 'NOT_FOUND' });
      spec.given(submittedCase()).when(dispose('hit-1')).thenRefuses('R-REV-7', { kind: 'NOT_FOUND' });
      expect(stateOf([...given, { type: 'ScreeningHitDisposed', data: { hitId: 'hit-1', disposition: 'FALSE_MATCH', reason: 'x', disposedAt: now, by: alice } }]).screeningHits[0].disposition).toBe('FALSE_MATCH');
    });
  });
});

describe('licence validity (R-LIC-1)', () => {
  it('is 2 years to a member of all four regimes', () => {
    expect(licenceValidity(terms({ destinationInAllRegimes: true }))).toEqual({ months: 24, reason: 'ALL_FOUR_REGIMES', validUntil: '2028-12-03' });
  });
  it('is 2 years after 5 shipments to the same importer in 6 months, outside controlled areas', () => {
    expect(licenceValidity(terms({ recentShipmentsToImporter: 5 })).reason).toBe('REPEAT_SHIPMENTS');
    expect(licenceValidity(terms({ recentShipmentsToImporter: 4 })).months).toBe(6);
    expect(licenceValidity(terms({ recentShipmentsToImporter: 9, destinationControlled: true }))).toMatchObject({ months: 6, reason: 'STANDARD' });
  });
  it('ends the day before the same date, or the month\'s last day', () => {
    expect(lastDayValid('2026-12-01', 6)).toBe('2027-05-31');
    expect(lastDayValid('2026-08-31', 6)).toBe('2027-02-28');
    expect(lastDayValid('2027-01-15', 24)).toBe('2029-01-14');
  });
});

describe('the reviewer\'s actions on a submitted case', () => {
  it('opens claim and every initial decision on an unclaimed case', () => {
    expect(allowedActions(stateOf(submittedCase()), 'REVIEWER', alice)).toEqual([
      'claim', 'reassign', 'request-supplement', 'refer-consultation', 'forward', 'close-for-amendment', 'reject', 'cancel', 'notes',
    ]);
  });
  it('opens only reassign, notes and cancel to a reviewer on another reviewer\'s case', () => {
    expect(allowedActions(stateOf([...submittedCase(), claimed(alice)]), 'REVIEWER', bob)).toEqual(['reassign', 'cancel', 'notes']);
  });
});
