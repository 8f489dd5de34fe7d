import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { OnCase } from '../cases';
import { reasonOf } from '../../http/free-text-input';

export class CancelApplicationDto {
  @ApiPropertyOptional({ example: 'The order was withdrawn', description: 'why, in up to 2,000 characters (R-NEW-5)' })
  @IsOptional() @IsString() reason?: string;
}

/** R-NEW-5: the applicant cancels its own case before submission; never an Iran/North Korea one (R-IRNK-2). */
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
    const reason = reasonOf(dto.reason, 'reason', 'R-NEW-5');
    const context = commandContext(account, this.clock, request);
    const cancelled = await this.commands.execute(
      new OnCase(caseNo, account, context, () => ({ type: 'CancelApplication', reason, by: context.actor, at: context.now.toISOString() })),
    );
    return { caseNo, status: cancelled.state.status, position: cancelled.position.toString() };
  }
}
