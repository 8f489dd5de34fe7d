import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LICENCE_REGISTER_PROJECTION } from '@shtc/projections';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { ReviewCaseView } from './review-case-view';

/** A case as a reviewer works it (ReviewCaseView, which the console's case page shows too). */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
@Roles('REVIEWER')
export class ReviewCaseController {
  constructor(private readonly cases: ReviewCaseView) {}

  @Get(':caseNo')
  // The case is folded from its stream; only its exporter's overdue close-outs come from a read model.
  @ReadsProjections(LICENCE_REGISTER_PROJECTION)
  @ApiOkResponse({ description: 'the case, its documents, allowedActions, clock { dueDate, workingDaysLeft, overdue, paused }, flags, overdueCloseOuts, assignee, notes' })
  get(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn) {
    return this.cases.view(caseNo, account);
  }
}
