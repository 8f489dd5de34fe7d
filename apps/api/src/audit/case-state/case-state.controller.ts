import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/access.decorators';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { CaseStateQuery, CaseStates } from './case-states';

/** The case as the system believed it at a moment (issue 11 item 3): CaseStates, which the console shows too. */
@ApiTags('Auditor')
@ApiBearerAuth()
@Controller('audit/cases')
@Roles('AUDITOR', 'ADMIN')
export class CaseStateController {
  constructor(private readonly states: CaseStates) {}

  @Get(':caseNo/state')
  @ReadsProjections()
  @ApiOkResponse({ description: '{ caseNo, asOf, revision, position, occurredAt, eventsFolded, eventsAfter, status, statusZh, allowedActions: { APPLICANT, REVIEWER, OPERATOR }, case }' })
  @ApiBadRequestResponse({ description: 'neither or both of asOf and revision; either malformed; a revision the case has not reached' })
  @ApiNotFoundResponse({ description: 'no such case' })
  state(@Param('caseNo') caseNo: string, @Query() query: CaseStateQuery) {
    return this.states.state(caseNo, query);
  }
}
