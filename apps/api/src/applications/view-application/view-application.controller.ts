import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CASE_STATUS_PROJECTION } from '@shtc/projections';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { ApplicantCases, ListApplicationsQuery } from './applicant-cases';

export { ListApplicationsQuery } from './applicant-cases';

/** What an applicant or agent reads of its own cases (R-ACC-5, R-REV-6): ApplicantCases, which the console's pages read too. */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class ViewApplicationController {
  constructor(private readonly cases: ApplicantCases) {}

  @Get()
  @Roles('APPLICANT', 'AGENT')
  @ReadsProjections(CASE_STATUS_PROJECTION)
  @ApiOkResponse({ description: '{ items: [{ caseNo, status, statusZh, route, destination, appliedOn, dueDate, … }], nextCursor }' })
  list(@Query() query: ListApplicationsQuery, @CurrentAccount() account: SignedIn) {
    return this.cases.list(query, account);
  }

  /** R-REV-6: the status by receipt number. */
  @Get(':caseNo/status')
  @Roles('APPLICANT', 'AGENT')
  @ReadsProjections(CASE_STATUS_PROJECTION)
  @ApiOkResponse({ description: '{ caseNo, status, statusZh, updatedAt, dueDate }' })
  status(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn) {
    return this.cases.status(caseNo, account);
  }

  /** The whole case, folded from its events: data, items, attachments, statuses, and what the caller may do now. */
  @Get(':caseNo')
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: 'the case: data, items, attachments, status, history of statuses, allowedActions, licenceNo if issued' })
  get(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn) {
    return this.cases.view(caseNo, account);
  }
}
