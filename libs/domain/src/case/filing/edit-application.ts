import type { Decision } from '../../shared/decider';
import { refuse, refuseAll } from '../../shared/refusal';
import type { EditApplication } from '../case.commands';
import type { CaseEvent } from '../case.events';
import { changesFromAssurance } from '../case.rules';
import type { FiledCase } from '../case.state';

/**
 * Replaces the data of a case still registering: a new data version, for which the assurance
 * must be signed again. The applicant (R-ACC-4), the kind and the route never change; an Iran/North Korea
 * case keeps what its assurance states (R-IRNK-3).
 */
export function decideEditApplication(command: EditApplication, state: FiledCase): Decision<CaseEvent> {
  const { application, warnings, by, at } = command;
  if (application.route !== state.route) return refuse('R-NEW-1', 'The route of a case cannot change', 'RULE', 'route');
  if (application.kind !== state.application.kind) {
    return refuse(KIND_RULE[state.application.kind], `The kind of a case cannot change: this is a ${state.application.kind} case`, 'RULE', 'kind');
  }
  if (application.applicantId !== state.application.applicantId) {
    return refuse('R-ACC-4', 'The applicant of a case cannot change', 'RULE', 'applicantId');
  }
  if (state.route === 'IRAN_NK') {
    if (!command.assurance) return refuse('R-IRNK-3', 'The assurance of this case is missing', 'RULE', 'assuranceNo');
    const changes = changesFromAssurance(application, command.assurance);
    if (changes.length > 0) return refuseAll(changes, 'RULE');
  }
  return [{ type: 'ApplicationEdited', data: { application, warnings, dataVersion: state.dataVersion + 1, editedAt: at, by } }];
}

const KIND_RULE = { NEW: 'R-NEW-1', AMENDMENT: 'R-AMEND-1', CORRECTION: 'R-CORR-1', MISMATCH_CORRECTION: 'R-MISM-1', BALANCE_REISSUE: 'R-BAL-1' } as const;
