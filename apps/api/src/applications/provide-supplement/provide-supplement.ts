import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { STATUS_ZH } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { OnCase } from '../cases';
import { noteOf } from '../../http/free-text-input';

export class ProvideSupplementDto {
  @ApiPropertyOptional({ type: String, example: 'The business licence is uploaded.' }) @IsOptional() note?: unknown;
}

/** R-REV-5: the applicant sends back the documents asked for; the case returns to the stage it left. */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class ProvideSupplementController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':caseNo/supplement')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, status, position }: back to the stage it left; 422 (R-REV-5) naming what is still to upload' })
  async provide(@Param('caseNo') caseNo: string, @Body() dto: ProvideSupplementDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const note = noteOf(dto.note, 'note', 'R-REV-5');
    const context = commandContext(account, this.clock, request);
    const provided = await this.commands.execute(
      new OnCase(caseNo, account, context, () => ({ type: 'ProvideSupplement', note, by: context.actor, at: context.now.toISOString() })),
    );
    const status = provided.state.status;
    return { caseNo, status, statusZh: status === 'NONE' ? null : STATUS_ZH[status], position: provided.position.toString() };
  }
}
