import { assertNever, type Decider, type Decision } from '../shared/decider';
import { refuse } from '../shared/refusal';
import { decideCancelLicence } from './cancel-licence';
import { decideCloseOutLicence } from './close-out-licence';
import { decideCompareDeclaration } from './compare-declaration';
import { decideCorrectLicence } from './correct-licence';
import { decideExpireLicence } from './expire-licence';
import { decideIssueLicence } from './issue-licence';
import type { LicenceCommand } from './licence.commands';
import type { LicenceEvent } from './licence.events';
import { evolveLicence, initialLicenceState, type LicenceState } from './licence.state';
import { decideRecordRelease } from './record-release';
import { decideReissueBalance } from './reissue-balance';
import { refusedBySide } from './transitions';

/**
 * The licence decider, one decision per file as the case's: who may issue the command (the
 * table's side), whether the licence exists, then the command's own decision, which checks its
 * input, answers a retry, asks the transition table about the status, and decides.
 */
function decide(command: LicenceCommand, state: LicenceState): Decision<LicenceEvent> {
  if (command.type === 'IssueLicence') return decideIssueLicence(command, state);
  // Decided from an approved case, as the issue is: the approval checked who approves.
  if (command.type === 'CorrectLicence') return state.status === 'NONE' ? refuse('R-CORR-1', 'No such licence', 'NOT_FOUND') : decideCorrectLicence(command, state);
  const forbidden = refusedBySide(command);
  if (forbidden) return forbidden;
  if (state.status === 'NONE') return refuse('R-ACC-5', 'No such licence', 'NOT_FOUND');
  switch (command.type) {
    case 'CompareDeclaration':
      return decideCompareDeclaration(command, state);
    case 'RecordRelease':
      return decideRecordRelease(command, state);
    case 'ExpireLicence':
      return decideExpireLicence(command, state);
    case 'CancelLicence':
      return decideCancelLicence(command, state);
    case 'ReissueBalance':
      return decideReissueBalance(command, state);
    case 'CloseOutLicence':
      return decideCloseOutLicence(command, state);
    default:
      return assertNever(command, 'licence command');
  }
}

export const licenceDecider: Decider<LicenceCommand, LicenceEvent, LicenceState> = {
  initialState: initialLicenceState,
  decide,
  evolve: evolveLicence,
};
