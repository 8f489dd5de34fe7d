import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  RefusalError,
  assuranceDecider,
  assuranceStream,
  caseStream,
  checkApplication,
  refuse,
  refuseAll,
  type CaseCommand,
  type CaseStatus,
  type FieldIssue,
} from '@shtc/domain';
import { EVENT_STORE, decideAndAppend, loadState, type CommandContext, type EventStore } from '@shtc/event-store';
import type { SignedIn } from '../../auth/sessions';
import { orRefuse } from '../../http/or-refuse';
import { CaseNumbers } from '../case-numbers';
import { Cases } from '../cases';

export interface FiledApplication {
  caseNo: string;
  status: CaseStatus;
  position: bigint;
  warnings: FieldIssue[];
}

export class FileApplicationCommand extends Command<FiledApplication> {
  constructor(
    readonly body: Record<string, unknown>,
    readonly account: SignedIn,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Files a NEW application on any route (R-NEW-1, R-EXEMPT-2, R-IRNK-3). Everything that can
 * refuse is decided before a case number is taken, so refusals leave no gap in the numbers.
 */
@CommandHandler(FileApplicationCommand)
export class FileApplicationHandler implements ICommandHandler<FileApplicationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly cases: Cases,
    private readonly numbers: CaseNumbers,
  ) {}

  async execute({ body, account, context }: FileApplicationCommand): Promise<FiledApplication> {
    const { applicantId, agentId } = await this.cases.applicantFor(account, body.applicantId as string | undefined);
    const checked = checkApplication(body, applicantId);
    if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
    const application = checked.value;

    let assurance = null;
    if (application.route === 'IRAN_NK') {
      const { state } = await loadState(this.events, assuranceStream(application.assuranceNo!), assuranceDecider);
      if (state.status !== 'REGISTERED' || state.applicantId !== applicantId) {
        throw new RefusalError(refuse('R-IRNK-3', `No assurance ${application.assuranceNo} of this applicant`, 'NOT_FOUND', 'assuranceNo'));
      }
      assurance = state;
    }
    const command = (caseNo: string): CaseCommand => ({
      type: 'FileApplication',
      caseNo,
      application,
      warnings: checked.warnings,
      filedBy: context.actor,
      agentId,
      assurance,
      endUse: application.exemption?.endUse ?? null,
      at: context.now.toISOString(),
    });
    orRefuse(this.cases.decider.decide(command('unnumbered'), this.cases.decider.initialState));

    const caseNo = await this.numbers.next('SHTC', context);
    const result = await decideAndAppend(
      this.events,
      caseStream(caseNo),
      this.cases.decider,
      (state) => orRefuse(this.cases.decider.decide(command(caseNo), state)),
      context,
    );
    const status = result.state.status === 'NONE' ? 'REGISTERED' : result.state.status;
    return { caseNo, status, position: result.position, warnings: checked.warnings };
  }
}
