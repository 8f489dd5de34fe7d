import type { Decision } from '../../shared/decider';
import type { ClaimCase, ReleaseCase } from '../case.commands';
import type { CaseEvent } from '../case.events';

/** A reviewer takes the case to work (the table keeps out cases assigned to another, and R-REV-3). */
export function decideClaimCase(command: ClaimCase): Decision<CaseEvent> {
  return [{ type: 'CaseClaimed', data: { assignee: command.assignee, claimedAt: command.at, by: command.by } }];
}

/** The assignee hands the case back to its queue. */
export function decideReleaseCase(command: ReleaseCase): Decision<CaseEvent> {
  return [{ type: 'CaseReleased', data: { releasedAt: command.at, by: command.by } }];
}
