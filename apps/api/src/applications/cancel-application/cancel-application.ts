import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { CommandContext } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { Cases } from '../cases';

export class CancelApplicationDto {
  @ApiProperty({ example: 'The order was withdrawn' })
  @IsString()
  @Length(1, 2000, { message: 'reason must be 1 to 2000 characters', context: { rule: 'R-NEW-5' } })
  reason!: string;
}

export class CancelApplicationCommand extends Command<{ position: bigint }> {
  constructor(
    readonly caseNo: string,
    readonly reason: string,
    readonly account: SignedIn,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** R-NEW-5: the applicant cancels its own case before submission; never an Iran/North Korea one (R-IRNK-2). */
@CommandHandler(CancelApplicationCommand)
export class CancelApplicationHandler implements ICommandHandler<CancelApplicationCommand> {
  constructor(private readonly cases: Cases) {}

  async execute({ caseNo, reason, account, context }: CancelApplicationCommand) {
    const result = await this.cases.change(caseNo, account, context, () => ({
      type: 'CancelCase',
      reason: reason.trim(),
      by: 'APPLICANT',
      at: context.now.toISOString(),
    }));
    return { position: result.position };
  }
}

@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class CancelApplicationController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':caseNo/cancel')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, status: CANCELLED, position }' })
  async cancel(@Param('caseNo') caseNo: string, @Body() dto: CancelApplicationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const { position } = await this.commands.execute(
      new CancelApplicationCommand(caseNo, dto.reason, account, commandContext(account, this.clock, request.id)),
    );
    return { caseNo, status: 'CANCELLED', position: position.toString() };
  }
}
