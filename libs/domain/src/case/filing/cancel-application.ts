import type { Decision } from '../../shared/decider';
import type { CancelApplication } from '../case.commands';
import type { CaseEvent } from '../case.events';

/** R-NEW-5: before submission the applicant withdraws its own case (the transition table keeps Iran/NK cases out, R-IRNK-2). */
export function decideCancelApplication(command: CancelApplication): Decision<CaseEvent> {
  return [{ type: 'CaseCancelled', data: { reason: command.reason, cancelledAt: command.at, by: command.by } }];
}
