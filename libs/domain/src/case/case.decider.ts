import { assertNever, type Decider, type Decision } from '../shared/decider';
import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import { DEFAULT_CASE_POLICY, type CasePolicy } from './case.rules';
import { evolveCase, initialCaseState, type CaseState, type FiledCase } from './case.state';
import { decideAddAttachment } from './filing/add-attachment';
import { decideCancelApplication } from './filing/cancel-application';
import { decideEditApplication } from './filing/edit-application';
import { decideFileApplication } from './filing/file-application';
import { decideRemoveAttachment } from './filing/remove-attachment';
import { decideSubmitApplication } from './filing/submit-application';
import { refusedByTransitions } from './transitions';

/**
 * The case decider: the transition table decides whether a command is open in the case's
 * status, then the command's own decision (one file each, grouped by stage) decides what happens.
 */
export function makeCaseDecider(policy: CasePolicy = DEFAULT_CASE_POLICY): Decider<CaseCommand, CaseEvent, CaseState> {
  function decide(command: CaseCommand, state: CaseState): Decision<CaseEvent> {
    const closed = refusedByTransitions(command, state);
    if (closed) return closed;
    if (command.type === 'FileApplication') return decideFileApplication(command, policy);
    // The table opens every other command only on a case that exists.
    const filed = state as FiledCase;
    switch (command.type) {
      case 'EditApplication':
        return decideEditApplication(command, filed);
      case 'AddAttachment':
        return decideAddAttachment(command, filed);
      case 'RemoveAttachment':
        return decideRemoveAttachment(command, filed);
      case 'SubmitApplication':
        return decideSubmitApplication(command, filed, policy);
      case 'CancelApplication':
        return decideCancelApplication(command);
      default:
        return assertNever(command, 'case command');
    }
  }
  return { initialState: initialCaseState, decide, evolve: evolveCase };
}

export const caseDecider = makeCaseDecider();
