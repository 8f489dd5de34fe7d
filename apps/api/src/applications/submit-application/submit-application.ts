import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { RefusalError, checkEndUse, refuseAll } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { ScreeningLists, screenApplication } from '@shtc/screening';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { OnCase } from '../cases';

export class SubmitApplicationDto {
  @ApiPropertyOptional({ description: 'The specific end use, in English, consistent with the assurance (R-NEW-3)' })
  @IsOptional() @IsString() endUse?: string;
}

/** R-NEW-3, R-NEW-4, R-IRNK-4: submission puts the case in the initial review queue (R-REV-1). */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class SubmitApplicationController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly lists: ScreeningLists,
  ) {}

  @Post(':caseNo/submit')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, status: INITIAL_REVIEW, position }' })
  @ApiUnprocessableEntityResponse({ description: 'R-NEW-4 / R-IRNK-4: an attachment is missing (errors name each)' })
  async submit(@Param('caseNo') caseNo: string, @Body() dto: SubmitApplicationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const endUse = checkEndUse(dto.endUse);
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
}
