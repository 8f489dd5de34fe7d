import type { Actor } from '../shared/actor';
import { refuse, type Refusal, type RefusalKind } from '../shared/refusal';
import type { LicenceCommand, LicenceCommandType } from './licence.commands';
import { LICENCE_STATUSES, LICENCE_STATUS_ZH, isPastValidity, type LicenceStatus } from './licence-status';
import type { IssuedLicence, LicenceState } from './licence.state';
import { releasedAlready } from '../case/filing/file-correction';
import { closeOutRefusal, releaseAfterCloseOut } from './exhibition-close-out';

/**
 * Who issues a licence command: the holder's side (the exporter or its agent), customs (a
 * machine account), the scheduler that writes expiries, and the reviewer whose approval issues it.
 */
export type LicenceSide = 'HOLDER' | 'CUSTOMS' | 'SCHEDULER' | 'REVIEWER';

export interface LicenceTransition {
  /** The name clients see in `allowedActions`: the last segment of the command's route. */
  action: string;
  side: LicenceSide;
  /** The statuses the command is open in ('NONE': the licence is not issued yet). */
  from: readonly (LicenceStatus | 'NONE')[];
  /** The rule a command outside those statuses breaks. */
  rule: string;
  /** How a wrong status is answered: 409 unless api.md names a rule's 422 (a release on an ended licence, R-LIC-4). */
  wrongStatus?: RefusalKind;
  /** false: not offered in `allowedActions`, as it is done through another resource (a reissue is filed as a case). */
  offered?: false;
  /** A rule that closes the command on some licences, or at some times, although their status is in `from`. */
  closedWhen?: (state: IssuedLicence, at: string) => Refusal | null;
}

/** R-LIC-3: a single-shipment licence is used by one export. */
const singleShipmentUsed = (state: IssuedLicence): Refusal | null =>
  !state.partialShipments && state.releases.length > 0
    ? refuse('R-LIC-3', `Licence ${state.licenceNo} is for a single shipment, released already under declaration ${state.releases[0].declarationNo}`)
    : null;

/** R-LIC-4: nothing is released after the licence's last valid day, whether or not its expiry is recorded yet. */
const pastValidity =
  (rule: string, kind: RefusalKind) =>
  (state: IssuedLicence, at: string): Refusal | null =>
    isPastValidity(state.validUntil, at) ? refuse(rule, `Licence ${state.licenceNo} expired: it was valid until ${state.validUntil}`, kind) : null;

/**
 * Which command is open in which licence status: the decider refuses by this table (409 with
 * the licence's status and the actions open now; 422 for a release, as api.md says), and the
 * same table tells a screen which actions to offer. No row leads back to VALID: a licence is
 * never extended nor reopened (R-LIC-2).
 */
export const LICENCE_TRANSITIONS: { readonly [K in LicenceCommandType]: LicenceTransition } = {
  IssueLicence: { action: 'issue', side: 'REVIEWER', from: ['NONE'], rule: 'R-LIC-1' },
  // Customs needs an answer for every declaration: on an ended licence it is a MISMATCH naming the status.
  CompareDeclaration: { action: 'declarations', side: 'CUSTOMS', from: LICENCE_STATUSES, rule: 'R-CUS-1' },
  RecordRelease: {
    action: 'releases',
    side: 'CUSTOMS',
    from: ['VALID'],
    rule: 'R-LIC-4',
    wrongStatus: 'RULE',
    closedWhen: (state, at) => pastValidity('R-LIC-4', 'RULE')(state, at) ?? singleShipmentUsed(state) ?? releaseAfterCloseOut(state),
  },
  ExpireLicence: {
    action: 'expire',
    side: 'SCHEDULER',
    from: ['VALID'],
    rule: 'R-LIC-1',
    closedWhen: (state, at) =>
      isPastValidity(state.validUntil, at) ? null : refuse('R-LIC-1', `Licence ${state.licenceNo} is valid until ${state.validUntil}: it has not expired`, 'CONFLICT'),
  },
  CancelLicence: { action: 'cancel', side: 'HOLDER', from: ['VALID'], rule: 'R-BAL-1', closedWhen: pastValidity('R-BAL-1', 'CONFLICT') },
  // Filed as a BALANCE_REISSUE case (POST /applications), not on the licence's routes.
  ReissueBalance: {
    action: 'reissue',
    side: 'HOLDER',
    from: ['CANCELLED'],
    rule: 'R-BAL-1',
    offered: false,
    closedWhen: (state) =>
      state.reissuedBy
        ? refuse('R-BAL-1', `The balance of licence ${state.licenceNo} was reissued already, by case ${state.reissuedBy}`, 'CONFLICT').with({ reissuedBy: state.reissuedBy })
        : null,
  },
  // From an approved correction case (the approval's request, or the worker after a crash).
  CorrectLicence: {
    action: 'correct',
    side: 'REVIEWER',
    from: ['VALID'],
    rule: 'R-CORR-1',
    offered: false,
    closedWhen: (state) => (state.releases.length > 0 ? releasedAlready(state.licenceNo, state.releases.length, 'CORRECTION') : null),
  },
  // R-EXEMPT-4: exhibition goods come back after the licence has ended as often as before, so a
  // close-out is open whatever the status: exhausted (all shipped to the show), expired (the show
  // outlasted the validity) or cancelled. A cancelled licence owes one only if goods were
  // released before the cancellation: cancelling stops further exports, it does not bring back
  // what went abroad. Nothing released, nothing to close out: closedWhen refuses that in every status.
  CloseOutLicence: { action: 'close-out', side: 'HOLDER', from: ['VALID', 'EXHAUSTED', 'EXPIRED', 'CANCELLED'], rule: 'R-EXEMPT-4', closedWhen: closeOutRefusal },
};

/** The side an account's role acts on for licences. */
export function licenceSideOf(role: string): LicenceSide | null {
  if (role === 'APPLICANT' || role === 'AGENT') return 'HOLDER';
  if (role === 'CUSTOMS') return 'CUSTOMS';
  if (role === 'SCHEDULER') return 'SCHEDULER';
  if (role === 'REVIEWER') return 'REVIEWER';
  return null;
}

/** The actions open on a licence now (`at`) for one side, in the table's order. */
export function licenceAllowedActions(state: LicenceState, side: LicenceSide | null, at: string): string[] {
  return (Object.values(LICENCE_TRANSITIONS) as LicenceTransition[])
    .filter((transition) => transition.side === side && transition.offered !== false && transition.from.includes(state.status))
    .filter((transition) => state.status === 'NONE' || !transition.closedWhen?.(state, at))
    .map((transition) => transition.action);
}

/** R-ACC-5: a command of another side is refused whatever the licence's status. */
export function refusedBySide(command: Pick<Exclude<LicenceCommand, { type: 'IssueLicence' | 'CorrectLicence' }>, 'type' | 'by'>): Refusal | null {
  const transition = LICENCE_TRANSITIONS[command.type];
  if (licenceSideOf(command.by.role) === transition.side) return null;
  return refuse('R-ACC-5', `A ${command.by.role.toLowerCase()} does not ${transition.action} licences: that is the ${transition.side.toLowerCase()}'s`, 'FORBIDDEN');
}

/**
 * Why the table closes a command on this licence at `at`, or null when it is open. A wrong
 * status names the licence's status and the actions open now for the caller's side.
 */
export function refusedByLicenceStatus(type: Exclude<LicenceCommandType, 'IssueLicence'>, state: IssuedLicence, by: Actor, at: string): Refusal | null {
  const transition = LICENCE_TRANSITIONS[type];
  const context = () => ({ licenceStatus: state.status, validUntil: state.validUntil, allowedActions: licenceAllowedActions(state, licenceSideOf(by.role), at) });
  if (!transition.from.includes(state.status)) {
    return refuse(
      transition.rule,
      `Licence ${state.licenceNo} is ${state.status} (${LICENCE_STATUS_ZH[state.status]}): ${transition.action} is open only while ${transition.from.join(', ')}`,
      transition.wrongStatus ?? 'CONFLICT',
    ).with(context());
  }
  return transition.closedWhen?.(state, at)?.with(context()) ?? null;
}
