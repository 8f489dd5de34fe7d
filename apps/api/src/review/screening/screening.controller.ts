import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { HIT_DISPOSITIONS, RefusalError, checkReason, refuse, refuseAll, type HitDisposition, type RecordedHit } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { Cases, OnCase } from '../../applications/cases';

export class DisposeScreeningHitDto {
  @ApiPropertyOptional({ enum: HIT_DISPOSITIONS, description: 'TRUE_MATCH: the party is the listed one; FALSE_MATCH: it is not (R-REV-7)' })
  @IsOptional() @IsString() disposition?: string;
  @ApiPropertyOptional({ example: 'Different company: registered in Mainz since 1998, the listed one is in Tehran', description: 'why, up to 2,000 characters' })
  @IsOptional() @IsString() reason?: string;
}

/** What a reviewer sees of a hit: the screening's finding and the reviewer's record of it. */
function view(hit: RecordedHit) {
  const { hitId, party, name, listedName, source, score, disposition, reason } = hit;
  return { hitId, party, name, listedName, source, score, disposition, reason };
}

/** R-REV-7: the screening hits of a case, and a reviewer's record of each as a true or a false match. */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
export class ScreeningController {
  constructor(
    private readonly cases: Cases,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':caseNo/screening')
  @Roles('REVIEWER')
  @ApiOkResponse({ description: '{ items: [{ hitId, party, name, listedName, source, score, disposition: OPEN|TRUE_MATCH|FALSE_MATCH, reason }], lists }' })
  async screening(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn) {
    const { state } = await this.cases.see(caseNo, account);
    return { items: state.screeningHits.map(view), lists: state.screenedAgainst };
  }

  @Post(':caseNo/screening/:hitId')
  @Roles('REVIEWER')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, hit: { hitId, …, disposition, reason }, position }' })
  async dispose(
    @Param('caseNo') caseNo: string,
    @Param('hitId') hitId: string,
    @Body() dto: DisposeScreeningHitDto,
    @CurrentAccount() account: SignedIn,
    @Req() request: FastifyRequest,
  ) {
    const disposition = dto.disposition as HitDisposition;
    const reason = checkReason(dto.reason, 'reason', 'R-REV-7');
    const issues = reason.ok ? [] : [...reason.issues];
    if (!HIT_DISPOSITIONS.includes(disposition)) {
      issues.unshift({ field: 'disposition', rule: 'R-REV-7', message: `disposition must be one of ${HIT_DISPOSITIONS.join(', ')}` });
    }
    if (issues.length > 0 || !reason.ok) throw new RefusalError(refuseAll(issues));
    const context = commandContext(account, this.clock, request);
    const disposed = await this.commands.execute(
      new OnCase(caseNo, account, context, () => ({ type: 'DisposeScreeningHit', hitId, disposition, reason: reason.value, by: context.actor, at: context.now.toISOString() })),
    );
    const state = disposed.state.status === 'NONE' ? null : disposed.state;
    const hit = state?.screeningHits.find((candidate) => candidate.hitId === hitId);
    if (!hit) throw new RefusalError(refuse('R-REV-7', `The case has no screening hit ${hitId}`, 'NOT_FOUND', 'hitId'));
    return { caseNo, hit: view(hit), position: disposed.position.toString() };
  }
}
