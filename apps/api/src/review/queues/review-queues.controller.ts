import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LICENCE_REGISTER_PROJECTION, REVIEW_QUEUES_PROJECTION } from '@shtc/projections';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { QueueCountsQuery, QueueListQuery, ReviewQueues } from './review-queues';

/** The reviewer queues (issue 8 item 3): counts per queue, and each queue soonest due first. */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/queues')
export class ReviewQueuesController {
  constructor(private readonly queues: ReviewQueues) {}

  @Get()
  @Roles('REVIEWER')
  @ReadsProjections(REVIEW_QUEUES_PROJECTION)
  @ApiOkResponse({ description: '{ INITIAL_REVIEW: n, CONSULTATION: n, SECOND_REVIEW: n, AWAITING_SUPPLEMENT: n }' })
  counts(@Query() query: QueueCountsQuery, @CurrentAccount() account: SignedIn) {
    return this.queues.counts(query.assignee, account);
  }

  @Get(':status')
  @Roles('REVIEWER')
  // The licence register too: overdue close-outs flag the items (R-EXEMPT-4).
  @ReadsProjections(REVIEW_QUEUES_PROJECTION, LICENCE_REGISTER_PROJECTION)
  @ApiOkResponse({
    description:
      '{ items: [{ caseNo, status, dueDate, workingDaysLeft, overdue, paused, assignee, destination, route, kind, flags, overdueCloseOuts, … }], nextCursor }, soonest due first',
  })
  @ApiNotFoundResponse({ description: 'no such queue' })
  list(@Param('status') status: string, @Query() query: QueueListQuery, @CurrentAccount() account: SignedIn) {
    return this.queues.page(this.queues.queueNamed(status), query, account);
  }
}
