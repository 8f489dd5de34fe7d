import type { Decision } from '../../shared/decider';
import { refuse } from '../../shared/refusal';
import type { CancelOnRequest, CloseForAmendment, RejectCase } from '../case.commands';
import type { CaseEvent } from '../case.events';

/** R-REV-2: closed because the data was wrong; the applicant may file an amendment (R-AMEND-1). */
export function decideCloseForAmendment(command: CloseForAmendment): Decision<CaseEvent> {
  if (command.reasons.length === 0) return refuse('R-REV-2', 'Give at least one reason', 'INVALID', 'reasons');
  return [{ type: 'ClosedForAmendment', data: { reasons: command.reasons, closedAt: command.at, by: command.by } }];
}

/** R-REV-2: the case is refused, with the reasons the applicant will read. */
export function decideRejectCase(command: RejectCase): Decision<CaseEvent> {
  if (command.reasons.length === 0) return refuse('R-REV-2', 'Give at least one reason', 'INVALID', 'reasons');
  return [{ type: 'CaseRejected', data: { reasons: command.reasons, rejectedAt: command.at, by: command.by } }];
}

/** R-NEW-5: after submission only a reviewer cancels, on the applicant's request (FAQ 3.13). */
export function decideCancelOnRequest(command: CancelOnRequest): Decision<CaseEvent> {
  return [{ type: 'CaseCancelled', data: { reason: command.reason, cancelledAt: command.at, by: command.by } }];
}
