import type { Decision } from '../../shared/decider';
import type { ForwardToSecondReview, ReturnToInitialReview } from '../case.commands';
import type { CaseEvent } from '../case.events';

/** R-REV-2: the initial reviewer recommends; a second reviewer decides (R-REV-3). */
export function decideForwardToSecondReview(command: ForwardToSecondReview): Decision<CaseEvent> {
  return [{ type: 'ForwardedToSecondReview', data: { recommendation: command.recommendation, note: command.note ?? '', forwardedAt: command.at, by: command.by } }];
}

/** R-REV-2: second review sends the case back to the initial queue, with a reason. */
export function decideReturnToInitialReview(command: ReturnToInitialReview): Decision<CaseEvent> {
  return [{ type: 'ReturnedToInitialReview', data: { reason: command.reason, returnedAt: command.at, by: command.by } }];
}
