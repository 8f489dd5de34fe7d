import { Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { NextCase } from './next-case';
import { QueueFilters } from './review-queues';

/** "Next case" (issue 8 item 1): the most urgent unclaimed case of a queue, claimed for the caller (NextCase). */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/queues')
export class NextCaseController {
  constructor(private readonly nextCase: NextCase) {}

  @Post(':status/next')
  @Roles('REVIEWER')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, status, dueDate, workingDaysLeft, overdue, assignee, destination, route, kind, flags, …, position }: now assigned to the caller' })
  @ApiNotFoundResponse({ description: 'no unclaimed case left in the queue (with these filters), or no such queue' })
  next(@Param('status') status: string, @Query() filters: QueueFilters, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.nextCase.next(status, filters, account, request);
  }
}
