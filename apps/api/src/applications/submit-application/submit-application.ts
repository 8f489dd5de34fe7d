import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { RefusalError, checkEndUse, refuseAll } from '@shtc/domain';
import type { CommandContext } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { Cases } from '../cases';

export class SubmitApplicationDto {
  @ApiProperty({ description: 'The specific end use, in English, consistent with the assurance (R-NEW-3)' })
  @IsString({ message: 'endUse is required: the specific end use in English', context: { rule: 'R-NEW-3' } })
  endUse!: string;
}

export class SubmitApplicationCommand extends Command<{ position: bigint }> {
  constructor(
    readonly caseNo: string,
    readonly endUse: string,
    readonly account: SignedIn,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** R-NEW-3, R-NEW-4, R-IRNK-4: submission puts the case in the initial review queue (R-REV-1). */
@CommandHandler(SubmitApplicationCommand)
export class SubmitApplicationHandler implements ICommandHandler<SubmitApplicationCommand> {
  constructor(private readonly cases: Cases) {}

  async execute({ caseNo, endUse, account, context }: SubmitApplicationCommand) {
    const checked = checkEndUse(endUse);
    if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
    const result = await this.cases.change(caseNo, account, context, () => ({
      type: 'SubmitApplication',
      endUse: checked.value,
      at: context.now.toISOString(),
    }));
    return { position: result.position };
  }
}

@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class SubmitApplicationController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':caseNo/submit')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, status: INITIAL_REVIEW, position }' })
  @ApiUnprocessableEntityResponse({ description: 'R-NEW-4 / R-IRNK-4: an attachment is missing (errors name each)' })
  async submit(@Param('caseNo') caseNo: string, @Body() dto: SubmitApplicationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const { position } = await this.commands.execute(
      new SubmitApplicationCommand(caseNo, dto.endUse, account, commandContext(account, this.clock, request.id)),
    );
    return { caseNo, status: 'INITIAL_REVIEW', position: position.toString() };
  }
}
