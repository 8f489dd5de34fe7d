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
import { decideApproveCase } from './review/approve-case';
import { decideClaimCase, decideReleaseCase } from './review/claim-case';
import { decideCancelOnRequest, decideCloseForAmendment, decideRejectCase } from './review/close-case';
import { decideRecordConsultationReply, decideReferToConsultation } from './review/consultation';
import { decideAddNote, decideDisposeScreeningHit, decideScreenParties } from './review/notes-and-screening';
import { decideProvideSupplement } from './review/provide-supplement';
import { decideReassignCase } from './review/reassign-case';
import { decideRequestSupplement } from './review/request-supplement';
import { decideForwardToSecondReview, decideReturnToInitialReview } from './review/second-review';
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
      case 'ProvideSupplement':
        return decideProvideSupplement(command, filed);
      case 'ClaimCase':
        return decideClaimCase(command);
      case 'ReleaseCase':
        return decideReleaseCase(command);
      case 'ReassignCase':
        return decideReassignCase(command, filed);
      case 'RequestSupplement':
        return decideRequestSupplement(command, filed);
      case 'ReferToConsultation':
        return decideReferToConsultation(command, filed);
      case 'RecordConsultationReply':
        return decideRecordConsultationReply(command, filed);
      case 'ForwardToSecondReview':
        return decideForwardToSecondReview(command);
      case 'ReturnToInitialReview':
        return decideReturnToInitialReview(command);
      case 'CloseForAmendment':
        return decideCloseForAmendment(command);
      case 'RejectCase':
        return decideRejectCase(command);
      case 'ApproveCase':
        return decideApproveCase(command, filed);
      case 'CancelOnRequest':
        return decideCancelOnRequest(command);
      case 'AddNote':
        return decideAddNote(command, filed);
      case 'ScreenParties':
        return decideScreenParties(command, filed);
      case 'DisposeScreeningHit':
        return decideDisposeScreeningHit(command, filed);
      default:
        return assertNever(command, 'case command');
    }
  }
  return { initialState: initialCaseState, decide, evolve: evolveCase };
}

export const caseDecider = makeCaseDecider();
