import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PRECEDENTS_PROJECTION } from '@shtc/projections';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { Cases } from '../../applications/cases';
import { Precedents } from './precedents';

/** Earlier decisions on the same parties or goods (issue 8 item 5): Precedents, which the console's case page shows too. */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
export class PrecedentsController {
  constructor(
    private readonly cases: Cases,
    private readonly found: Precedents,
  ) {}

  @Get(':caseNo/precedents')
  @Roles('REVIEWER')
  @ReadsProjections(PRECEDENTS_PROJECTION)
  @ApiOkResponse({ description: '{ items: [{ caseNo, decidedAt, outcome: APPROVED|REJECTED|CLOSED_FOR_AMENDMENT, matchedOn: END_USER|BUYER|ECCN|CCC_CODE, matchedOnAll }] }, most recent first, at most 50' })
  async precedents(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn) {
    const { state } = await this.cases.see(caseNo, account);
    return { items: await this.found.of(caseNo, state.application, state.decision) };
  }
}
