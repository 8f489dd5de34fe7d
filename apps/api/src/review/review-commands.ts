import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Executed } from '@shtc/commands';
import { STATUS_ZH, allowedActions, type CaseCommand, type CaseEvent, type CaseState, type FiledCase, type Actor } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { OnCase } from '../applications/cases';
import type { SignedIn } from '../auth/sessions';
import { commandContext } from '../http/command-context';

/** What a reviewer's command answers: where the case stands now, and what is open next. */
export interface ReviewAnswer {
  caseNo: string;
  status: string;
  statusZh: string;
  assignee: { businessId: string; name: string } | null;
  allowedActions: string[];
  position: string;
}

/**
 * Runs a reviewer's command on a case through the one command path (OnCase: access policy,
 * read, decide by the transition table and the command's own decision, append with the
 * expected revision), and answers the case's new status and the actions open next.
 */
@Injectable()
export class ReviewCommands {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(
    caseNo: string,
    account: SignedIn,
    request: { id: string },
    command: (state: FiledCase, by: Actor, at: string) => CaseCommand | Promise<CaseCommand>,
  ): Promise<{ answer: ReviewAnswer; executed: Executed<CaseEvent, CaseState> }> {
    const context = commandContext(account, this.clock, request);
    const at = context.now.toISOString();
    const executed = await this.commands.execute(new OnCase(caseNo, account, context, (state) => command(state, context.actor, at)));
    return { answer: answerOf(caseNo, executed, context.actor), executed };
  }

  today(): Date {
    return this.clock.now();
  }
}

export function answerOf(caseNo: string, executed: Executed<CaseEvent, CaseState>, by: Actor): ReviewAnswer {
  const state = executed.state as FiledCase;
  return {
    caseNo,
    status: state.status,
    statusZh: STATUS_ZH[state.status],
    assignee: state.assignee && { businessId: state.assignee.businessId, name: state.assignee.name },
    allowedActions: allowedActions(state, 'REVIEWER', by),
    position: executed.position.toString(),
  };
}

