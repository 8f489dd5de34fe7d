import { Body, Controller, Inject, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { ApplicationDto } from '../application.dto';
import { FileApplicationCommand } from './file-application.command';

@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class FileApplicationController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * R-NEW-1 registers a standard or Iran/North Korea case (REGISTERED); R-EXEMPT-2 files and
   * submits an exempt one. An account files for itself, or names the applicant that authorised
   * it as its agent (`applicantId`, R-ACC-4).
   */
  @Post()
  @Roles('APPLICANT', 'AGENT')
  @ApiCreatedResponse({ description: '{ caseNo, status, position, warnings }' })
  async file(@Body() dto: ApplicationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const filed = await this.commands.execute(
      new FileApplicationCommand(dto as unknown as Record<string, unknown>, account, commandContext(account, this.clock, request)),
    );
    return { caseNo: filed.caseNo, status: filed.status, position: filed.position.toString(), warnings: filed.warnings };
  }
}
