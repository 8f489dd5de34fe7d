import { refuse, type Refusal } from '../shared/refusal';
import type { CaseCommand, CaseCommandType } from './case.commands';
import type { Actor } from '../shared/actor';
import { wasConsulted, type FiledCase, type CaseState } from './case.state';
import { CASE_STATUSES, STATUS_ZH, type CaseStatus } from './case-status';

/**
 * Who issues a command: the applicant's side (applicant or its agent), BOFT's reviewers, or an
 * operator (an ADMIN loading screening lists).
 */
export type Side = 'APPLICANT' | 'REVIEWER' | 'OPERATOR';

export interface Transition {
  /** The name clients see in `allowedActions`: the last segment of the command's route. */
  action: string;
  side: Side;
  /** The statuses the command is open in ('NONE': the case does not exist yet). */
  from: readonly (CaseStatus | 'NONE')[];
  /** The rule a command outside those statuses breaks. */
  rule: string;
  /**
   * A rule that closes the command on some cases although their status is in `from`. `by` is
   * who asks, when known: four-eyes approval (R-REV-3) and assignment depend on it.
   */
  closedWhen?: (state: FiledCase, by: Actor | null) => Refusal | null;
}

/** Submitted and not decided: the statuses reviewers work in. */
const IN_REVIEW = ['INITIAL_REVIEW', 'RETURNED_TO_INITIAL_REVIEW', 'CONSULTATION', 'SECOND_REVIEW', 'AWAITING_SUPPLEMENT'] as const;
/** Where a reviewer decides: asks for documents, refers, closes, rejects. */
const DECIDING = ['INITIAL_REVIEW', 'RETURNED_TO_INITIAL_REVIEW', 'SECOND_REVIEW'] as const;
const INITIAL = ['INITIAL_REVIEW', 'RETURNED_TO_INITIAL_REVIEW'] as const;

/** Rules that close a command on some cases; each a (state, by) check for `closedWhen`. */
const firstOf =
  (...checks: Array<(state: FiledCase, by: Actor | null) => Refusal | null>) =>
  (state: FiledCase, by: Actor | null): Refusal | null => {
    for (const check of checks) {
      const refusal = check(state, by);
      if (refusal) return refusal;
    }
    return null;
  };

/** A case assigned to one reviewer is decided by that reviewer, or reassigned first. */
const assignedElsewhere = (state: FiledCase, by: Actor | null): Refusal | null =>
  by && state.assignee && state.assignee.accountId !== by.accountId
    ? refuse('R-REV-2', `The case is assigned to ${state.assignee.name} (${state.assignee.businessId}): it is theirs to decide, or reassign it first`, 'CONFLICT').with({
        assignee: { businessId: state.assignee.businessId, name: state.assignee.name },
      })
    : null;

/** R-REV-3: in second review, the reviewer who did the initial review does not decide. */
const initialReviewerInSecondReview = (state: FiledCase, by: Actor | null): Refusal | null =>
  by && state.status === 'SECOND_REVIEW' && state.initialReviewers.some((reviewer) => reviewer.accountId === by.accountId)
    ? refuse('R-REV-3', 'You did the initial review of this case: its second review is another reviewer\'s', 'FORBIDDEN')
    : null;

/** R-IRNK-5 and R-REV-7: approval waits for a completed consultation where one is required. */
const consultationRequired = (state: FiledCase): Refusal | null => {
  if (wasConsulted(state)) return null;
  if (state.route === 'IRAN_NK') return refuse('R-IRNK-5', 'An Iran/North Korea case is approved only after an inter-agency consultation');
  const unresolved = state.screeningHits.filter((hit) => hit.disposition !== 'FALSE_MATCH');
  return unresolved.length > 0
    ? refuse('R-REV-7', `${unresolved.length} screening hit(s) not recorded as false matches: the case is approved only after an inter-agency consultation`).with({
        hits: unresolved.map((hit) => hit.hitId),
      })
    : null;
};

/**
 * Which command is open in which status: the decider refuses by this table (409 with the case's
 * status and the actions open now), and the same table tells a screen which actions to offer.
 */
export const CASE_TRANSITIONS: { readonly [K in CaseCommandType]: Transition } = {
  FileApplication: { action: 'file', side: 'APPLICANT', from: ['NONE'], rule: 'R-NEW-1' },
  EditApplication: { action: 'edit', side: 'APPLICANT', from: ['REGISTERED'], rule: 'R-NEW-1' },
  AddAttachment: {
    action: 'attach',
    side: 'APPLICANT',
    from: ['REGISTERED', 'AWAITING_SUPPLEMENT', 'INITIAL_REVIEW'],
    rule: 'R-REV-5',
    // An exempt case is submitted when filed, and its documents follow while it is in initial review.
    closedWhen: (state) =>
      state.status === 'INITIAL_REVIEW' && state.route !== 'EXEMPT'
        ? refuse('R-REV-5', 'The case is in review: documents are uploaded again only when a reviewer asks for them', 'CONFLICT')
        : null,
  },
  RemoveAttachment: { action: 'remove-attachment', side: 'APPLICANT', from: ['REGISTERED', 'AWAITING_SUPPLEMENT'], rule: 'R-REV-5' },
  SubmitApplication: { action: 'submit', side: 'APPLICANT', from: ['REGISTERED'], rule: 'R-NEW-5' },
  CancelApplication: {
    action: 'cancel',
    side: 'APPLICANT',
    from: ['REGISTERED'],
    rule: 'R-NEW-5',
    closedWhen: (state) =>
      state.route === 'IRAN_NK'
        ? refuse('R-IRNK-2', 'An Iran/North Korea case filed from a registered assurance cannot be cancelled by the applicant')
        : null,
  },
  ProvideSupplement: { action: 'supplement', side: 'APPLICANT', from: ['AWAITING_SUPPLEMENT'], rule: 'R-REV-5' },

  ClaimCase: {
    action: 'claim',
    side: 'REVIEWER',
    from: IN_REVIEW,
    rule: 'R-REV-2',
    closedWhen: firstOf(
      (state, by) => (by && state.assignee?.accountId === by.accountId ? refuse('R-REV-2', 'The case is assigned to you already', 'CONFLICT') : null),
      assignedElsewhere,
      initialReviewerInSecondReview,
    ),
  },
  ReleaseCase: {
    action: 'release',
    side: 'REVIEWER',
    from: IN_REVIEW,
    rule: 'R-REV-2',
    closedWhen: firstOf((state) => (state.assignee ? null : refuse('R-REV-2', 'The case is not assigned to anyone', 'CONFLICT')), assignedElsewhere),
  },
  ReassignCase: { action: 'reassign', side: 'REVIEWER', from: IN_REVIEW, rule: 'R-REV-2' },
  RequestSupplement: { action: 'request-supplement', side: 'REVIEWER', from: DECIDING, rule: 'R-REV-2', closedWhen: firstOf(assignedElsewhere, initialReviewerInSecondReview) },
  ReferToConsultation: { action: 'refer-consultation', side: 'REVIEWER', from: DECIDING, rule: 'R-REV-2', closedWhen: firstOf(assignedElsewhere, initialReviewerInSecondReview) },
  RecordConsultationReply: { action: 'consultation-reply', side: 'REVIEWER', from: ['CONSULTATION'], rule: 'R-REV-2' },
  ForwardToSecondReview: { action: 'forward', side: 'REVIEWER', from: INITIAL, rule: 'R-REV-2', closedWhen: assignedElsewhere },
  ReturnToInitialReview: { action: 'return', side: 'REVIEWER', from: ['SECOND_REVIEW'], rule: 'R-REV-2', closedWhen: firstOf(assignedElsewhere, initialReviewerInSecondReview) },
  CloseForAmendment: { action: 'close-for-amendment', side: 'REVIEWER', from: DECIDING, rule: 'R-REV-2', closedWhen: firstOf(assignedElsewhere, initialReviewerInSecondReview) },
  RejectCase: { action: 'reject', side: 'REVIEWER', from: DECIDING, rule: 'R-REV-2', closedWhen: firstOf(assignedElsewhere, initialReviewerInSecondReview) },
  ApproveCase: {
    action: 'approve',
    side: 'REVIEWER',
    from: ['SECOND_REVIEW'],
    rule: 'R-REV-3',
    closedWhen: firstOf(assignedElsewhere, initialReviewerInSecondReview, consultationRequired),
  },
  CancelOnRequest: { action: 'cancel', side: 'REVIEWER', from: IN_REVIEW, rule: 'R-NEW-5' },
  AddNote: { action: 'notes', side: 'REVIEWER', from: CASE_STATUSES.filter((status) => status !== 'REGISTERED'), rule: 'R-REV-2' },
  DisposeScreeningHit: {
    action: 'screening',
    side: 'REVIEWER',
    from: IN_REVIEW,
    rule: 'R-REV-7',
    closedWhen: (state) => (state.screeningHits.length === 0 ? refuse('R-REV-7', 'Screening found nothing on this case', 'NOT_FOUND', 'hitId') : null),
  },
  ScreenParties: { action: 'screen', side: 'OPERATOR', from: IN_REVIEW, rule: 'R-REV-7' },
};

/** The side an account's role acts on. */
export function sideOf(role: string): Side | null {
  if (role === 'APPLICANT' || role === 'AGENT') return 'APPLICANT';
  if (role === 'REVIEWER') return 'REVIEWER';
  if (role === 'ADMIN') return 'OPERATOR';
  return null;
}

/**
 * The actions open now on a case for one side, in the table's order; given who asks, also
 * without those closed to that person (another reviewer's case, R-REV-3).
 */
export function allowedActions(state: CaseState, side: Side | null, by: Actor | null = null): string[] {
  return (Object.values(CASE_TRANSITIONS) as Transition[])
    .filter((transition) => transition.side === side && isOpen(transition, state, by))
    .map((transition) => transition.action);
}

function isOpen(transition: Transition, state: CaseState, by: Actor | null): boolean {
  if (!transition.from.includes(state.status)) return false;
  return state.status === 'NONE' || !transition.closedWhen?.(state, by);
}

/**
 * Why the table closes a command on this case, or null when it is open. A wrong status answers
 * 409 naming the case's status and the actions open now, for the caller's side.
 */
export function refusedByTransitions(command: Pick<CaseCommand, 'type' | 'by'>, state: CaseState): Refusal | null {
  const transition = CASE_TRANSITIONS[command.type];
  const side = sideOf(command.by.role);
  if (side !== transition.side) {
    return refuse('R-ACC-5', `A ${command.by.role.toLowerCase()} does not ${transition.action} cases: that is the ${transition.side.toLowerCase()}'s`, 'FORBIDDEN');
  }
  const context = () => ({ caseStatus: state.status, allowedActions: allowedActions(state, side, command.by) });
  if (state.status === 'NONE') {
    return transition.from.includes('NONE') ? null : refuse('R-ACC-5', 'No such case', 'NOT_FOUND');
  }
  if (!transition.from.includes(state.status)) {
    if (transition.from.includes('NONE')) return refuse(transition.rule, `Case ${state.caseNo} exists already`, 'CONFLICT').with(context());
    const open = transition.from.map((status) => status).join(', ');
    return refuse(
      transition.rule,
      `The case is ${state.status} (${STATUS_ZH[state.status]}): ${transition.action} is open only while ${open}`,
      'CONFLICT',
    ).with(context());
  }
  return transition.closedWhen?.(state, command.by)?.with(context()) ?? null;
}
