import type { Decider } from '../shared/decider';
import { decideIssueLicence, type IssueLicence } from './issue-licence';
import type { LicenceEvent } from './licence.events';
import { evolveLicence, initialLicenceState, type LicenceState } from './licence.state';

export type LicenceCommand = IssueLicence;

/** The licence decider: one decision per file, as the case's (more commands come with customs). */
export const licenceDecider: Decider<LicenceCommand, LicenceEvent, LicenceState> = {
  initialState: initialLicenceState,
  decide: (command, state) => decideIssueLicence(command, state),
  evolve: evolveLicence,
};
