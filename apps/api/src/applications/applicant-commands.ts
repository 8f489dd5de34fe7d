import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RefusalError, STATUS_ZH, checkEndUse, refuseAll } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { ScreeningLists, screenApplication } from '@shtc/screening';
import type { SignedIn } from '../auth/sessions';
import { commandContext } from '../http/command-context';
import { noteOf, reasonOf } from '../http/free-text-input';
import { OnCase } from './cases';

interface Caller {
  account: SignedIn;
  request: { id: string };
}

/**
 * The applicant's commands on a filed case, for the API's routes and the console's forms alike:
 * submit (R-NEW-3, R-NEW-4, R-IRNK-4), send a supplement back (R-REV-5) and cancel before
 * submission (R-NEW-5), each through the one command path (OnCase).
 */
@Injectable()
export class ApplicantCommands {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly lists: ScreeningLists,
  ) {}

  /** R-NEW-3, R-NEW-4, R-IRNK-4: submission puts the case in the initial review queue (R-REV-1). */
  async submit(caseNo: string, endUseAsTyped: string | undefined, { account, request }: Caller) {
    const endUse = checkEndUse(endUseAsTyped);
    if (!endUse.ok) throw new RefusalError(refuseAll(endUse.issues));
    const context = commandContext(account, this.clock, request);
    const submitted = await this.commands.execute(
      new OnCase(caseNo, account, context, async (state) => {
        // R-REV-7: the parties against the lists loaded now (none loaded: no screening recorded).
        const index = await this.lists.current();
        const screening = index ? screenApplication(state.application, index) : null;
        return { type: 'SubmitApplication', endUse: endUse.value, screening, by: context.actor, at: context.now.toISOString() };
      }),
    );
    return { caseNo, status: submitted.state.status, position: submitted.position.toString() };
  }

  /** R-REV-5: the applicant sends back the documents asked for; the case returns to the stage it left. */
  async provideSupplement(caseNo: string, noteAsTyped: unknown, { account, request }: Caller) {
    const note = noteOf(noteAsTyped, 'note', 'R-REV-5');
    const context = commandContext(account, this.clock, request);
    const provided = await this.commands.execute(
      new OnCase(caseNo, account, context, () => ({ type: 'ProvideSupplement', note, by: context.actor, at: context.now.toISOString() })),
    );
    const status = provided.state.status;
    return { caseNo, status, statusZh: status === 'NONE' ? null : STATUS_ZH[status], position: provided.position.toString() };
  }

  /** R-NEW-5: the applicant cancels its own case before submission; never an Iran/North Korea one (R-IRNK-2). */
  async cancel(caseNo: string, reasonAsTyped: unknown, { account, request }: Caller) {
    const reason = reasonOf(reasonAsTyped, 'reason', 'R-NEW-5');
    const context = commandContext(account, this.clock, request);
    const cancelled = await this.commands.execute(
      new OnCase(caseNo, account, context, () => ({ type: 'CancelApplication', reason, by: context.actor, at: context.now.toISOString() })),
    );
    return { caseNo, status: cancelled.state.status, position: cancelled.position.toString() };
  }
}
