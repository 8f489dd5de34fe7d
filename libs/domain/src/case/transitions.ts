import { refuse, type Refusal } from '../shared/refusal';
import type { CaseCommand, CaseCommandType } from './case.commands';
import type { FiledCase, CaseState } from './case.state';
import { STATUS_ZH, type CaseStatus } from './case-status';

/** Who issues a command: the applicant's side (applicant or its agent) or BOFT's reviewers. */
export type Side = 'APPLICANT' | 'REVIEWER';

export interface Transition {
  /** The name clients see in `allowedActions`: the last segment of the command's route. */
  action: string;
  side: Side;
  /** The statuses the command is open in ('NONE': the case does not exist yet). */
  from: readonly (CaseStatus | 'NONE')[];
  /** The rule a command outside those statuses breaks. */
  rule: string;
  /** A rule that closes the command on some cases although their status is in `from`. */
  closedWhen?: (state: FiledCase) => Refusal | null;
}

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
};

/** The side an account's role acts on. */
export function sideOf(role: string): Side | null {
  if (role === 'APPLICANT' || role === 'AGENT') return 'APPLICANT';
  if (role === 'REVIEWER') return 'REVIEWER';
  return null;
}

/** The actions open now on a case for one side, in the table's order. */
export function allowedActions(state: CaseState, side: Side | null): string[] {
  return (Object.values(CASE_TRANSITIONS) as Transition[])
    .filter((transition) => transition.side === side && isOpen(transition, state))
    .map((transition) => transition.action);
}

function isOpen(transition: Transition, state: CaseState): boolean {
  if (!transition.from.includes(state.status)) return false;
  return state.status === 'NONE' || !transition.closedWhen?.(state);
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
  const context = () => ({ caseStatus: state.status, allowedActions: allowedActions(state, side) });
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
  return transition.closedWhen?.(state)?.with(context()) ?? null;
}
