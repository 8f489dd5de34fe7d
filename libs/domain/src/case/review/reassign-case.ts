import type { Decision } from '../../shared/decider';
import { refuse } from '../../shared/refusal';
import type { ReassignCase } from '../case.commands';
import type { CaseEvent } from '../case.events';
import type { FiledCase } from '../case.state';

/** Another reviewer gives the case to a reviewer, with a reason (R-REV-2); never to its initial reviewer in second review (R-REV-3). */
export function decideReassignCase(command: ReassignCase, state: FiledCase): Decision<CaseEvent> {
  const { to } = command;
  if (!to || to.role !== 'REVIEWER') {
    return refuse('R-REV-2', 'Cases are assigned only to reviewers: no reviewer account has that business id', 'RULE', 'reviewerBusinessId');
  }
  if (state.assignee?.accountId === to.accountId) {
    return refuse('R-REV-2', `The case is assigned to ${to.name} already`, 'CONFLICT', 'reviewerBusinessId');
  }
  if (state.status === 'SECOND_REVIEW' && state.initialReviewers.some((reviewer) => reviewer.accountId === to.accountId)) {
    return refuse('R-REV-3', `${to.name} did the initial review of this case: its second review is another reviewer's`, 'RULE', 'reviewerBusinessId');
  }
  const { role: _, ...assignee } = to;
  return [{ type: 'CaseReassigned', data: { assignee, reason: command.reason, reassignedAt: command.at, by: command.by } }];
}
