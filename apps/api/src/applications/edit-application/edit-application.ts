import { Body, Controller, Inject, Param, Put, Req } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RefusalError, assuranceDecider, assuranceStream, checkApplication, refuseAll, type FieldIssue } from '@shtc/domain';
import { EVENT_STORE, loadState, type CommandContext, type EventStore } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { ApplicationDto } from '../application.dto';
import { Cases } from '../cases';

export class EditApplicationCommand extends Command<{ position: bigint; dataVersion: number; warnings: FieldIssue[] }> {
  constructor(
    readonly caseNo: string,
    readonly body: Record<string, unknown>,
    readonly account: SignedIn,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Replaces the data of a REGISTERED case; the assurance must then be signed again for the new data version. */
@CommandHandler(EditApplicationCommand)
export class EditApplicationHandler implements ICommandHandler<EditApplicationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly cases: Cases,
  ) {}

  async execute({ caseNo, body, account, context }: EditApplicationCommand) {
    const { state } = await this.cases.loadFor(caseNo, account);
    const checked = checkApplication(body, state.application.applicantId);
    if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
    const application = { ...checked.value, assuranceNo: state.application.assuranceNo };
    const assurance =
      state.route === 'IRAN_NK'
        ? (await loadState(this.events, assuranceStream(state.application.assuranceNo!), assuranceDecider)).state
        : null;
    const result = await this.cases.change(caseNo, account, context, () => ({
      type: 'EditApplication',
      application,
      warnings: checked.warnings,
      assurance: assurance?.status === 'REGISTERED' ? assurance : null,
      at: context.now.toISOString(),
    }));
    const dataVersion = result.state.status === 'NONE' ? 0 : result.state.dataVersion;
    return { position: result.position, dataVersion, warnings: checked.warnings };
  }
}

@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class EditApplicationController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put(':caseNo')
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: '{ caseNo, dataVersion, position, warnings }: the assurance must be signed again' })
  async edit(@Param('caseNo') caseNo: string, @Body() dto: ApplicationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const { position, dataVersion, warnings } = await this.commands.execute(
      new EditApplicationCommand(caseNo, dto as unknown as Record<string, unknown>, account, commandContext(account, this.clock, request.id)),
    );
    return { caseNo, dataVersion, position: position.toString(), warnings };
  }
}
