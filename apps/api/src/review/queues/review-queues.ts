import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ROUTES, clockOn, reviewClock, type ReviewClock, type Route } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import {
  COUNTS_ALL,
  COUNTS_UNASSIGNED,
  REVIEW_FLAGS,
  REVIEW_QUEUES,
  REVIEW_QUEUES_PROJECTION,
  REVIEW_QUEUE_CASES,
  REVIEW_QUEUE_COUNTS,
  countsOfAssignee,
  emptyCounts,
  type QueueCounts,
  type QueueCountsDocument,
  type ReviewQueue,
  type ReviewQueueDocument,
} from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, type Filter, type Page, type ReadStore, type Sort } from '@shtc/read-store';
import { officeCalendar } from '@shtc/reference-data';
import type { SignedIn } from '../../auth/sessions';
import { OverdueCloseOuts } from '../../licences/close-out/overdue-close-outs';

/**
 * The flags of queue items: those the projection keeps on each case, and OVERDUE_CLOSE_OUT
 * (R-EXEMPT-4), worked out when read: it depends on today and on the exporter's licences.
 */
export const QUEUE_FLAGS = [...REVIEW_FLAGS, 'OVERDUE_CLOSE_OUT'] as const;
export type QueueFlag = (typeof QUEUE_FLAGS)[number];

/** `assignee=`: a reviewer's business id, `me`, or `none` (unclaimed). */
const ASSIGNEE = /^(me|none|[A-Za-z0-9]{1,20})$/;

export class QueueCountsQuery {
  @ApiPropertyOptional({ description: '`me`, `none` (unclaimed) or a reviewer\'s business id: the counts of those cases alone' })
  @IsOptional() @Matches(ASSIGNEE, { message: 'assignee must be me, none or a business id' }) assignee?: string;
}

/** The filters of a queue, shared by the list and by "next case". */
export class QueueFilters {
  @ApiPropertyOptional({ example: 'DE', description: 'destination country (ISO 3166-1 alpha-2)' })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'destination must be a country code of two capital letters' }) destination?: string;
  @ApiPropertyOptional({ enum: ROUTES })
  @IsOptional() @IsIn(ROUTES, { message: `route must be one of ${ROUTES.join(', ')}` }) route?: Route;
  @ApiPropertyOptional({ enum: QUEUE_FLAGS })
  @IsOptional() @IsIn(QUEUE_FLAGS, { message: `flag must be one of ${QUEUE_FLAGS.join(', ')}` }) flag?: QueueFlag;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'past the due date (R-REV-4) or not, today in Taiwan' })
  @IsOptional() @IsIn(['true', 'false'], { message: 'overdue must be true or false' }) overdue?: 'true' | 'false';
}

export class QueueListQuery extends QueueFilters {
  @ApiPropertyOptional({ description: '`me`, `none` (unclaimed) or a reviewer\'s business id' })
  @IsOptional() @Matches(ASSIGNEE, { message: 'assignee must be me, none or a business id' }) assignee?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be a whole number' }) @Min(1, { message: 'limit must be at least 1' }) @Max(500, { message: 'limit must be at most 500' }) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the page before' })
  @IsOptional() @IsString() cursor?: string;
}

/** What a queue shows of a case. */
export interface QueueItem {
  caseNo: string;
  queue: ReviewQueue;
  status: string;
  dueDate: string | null;
  workingDaysLeft: number | null;
  overdue: boolean;
  /** While the case awaits documents its clock stands still (R-REV-4): the due date moves on each working day. */
  paused: boolean;
  replyBy: string | null;
  /** As api.md names it: the reviewer's business id and name. */
  assignee: { businessId: string; name: string } | null;
  destination: string;
  route: string;
  kind: string;
  applicantId: string;
  flags: QueueFlag[];
  /** R-EXEMPT-4: the exporter's exhibition licences whose close-out is overdue today (flag OVERDUE_CLOSE_OUT). */
  overdueCloseOuts: string[];
  submittedAt: string | null;
}

/** Soonest due first, then by case number: a total order, so cursors page through each case once. */
export const QUEUE_ORDER: Sort = [['dueDate', 'asc'], ['id', 'asc']];

/** Reads of the reviewer queues (issue 8 item 3), from the review-queues projection. */
@Injectable()
export class ReviewQueues {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly catalog: ProjectionCatalog,
    private readonly closeOuts: OverdueCloseOuts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The queue a path names, or 404. */
  queueNamed(status: string): ReviewQueue {
    if ((REVIEW_QUEUES as readonly string[]).includes(status)) return status as ReviewQueue;
    throw new NotFoundException({ message: `No queue ${status}: the queues are ${REVIEW_QUEUES.join(', ')}` });
  }

  /** Cases per queue, read from the counts the projection keeps: one document, whatever the number of cases. */
  async counts(assignee: string | undefined, caller: SignedIn): Promise<QueueCounts> {
    const id = assignee === undefined ? COUNTS_ALL : assignee === 'none' ? COUNTS_UNASSIGNED : countsOfAssignee(assignee === 'me' ? caller.businessId : assignee);
    const collection = await this.catalog.collection(REVIEW_QUEUES_PROJECTION, REVIEW_QUEUE_COUNTS);
    const { id: _, ...counts } = (await this.store.get<QueueCountsDocument>(collection, id)) ?? emptyCounts(id);
    return Object.fromEntries(REVIEW_QUEUES.map((queue) => [queue, counts[queue] ?? 0])) as QueueCounts;
  }

  async page(queue: ReviewQueue, query: QueueListQuery, caller: SignedIn): Promise<Page<QueueItem>> {
    const page = await this.find(await this.filter(queue, query, caller), { limit: query.limit, cursor: query.cursor });
    return { items: await this.withCloseOuts(this.items(page.items)), nextCursor: page.nextCursor };
  }

  async find(filter: Filter, options: { limit?: number; cursor?: string | null }): Promise<Page<ReviewQueueDocument>> {
    const collection = await this.catalog.collection(REVIEW_QUEUES_PROJECTION, REVIEW_QUEUE_CASES);
    return this.store.find<ReviewQueueDocument>(collection, filter, { sort: QUEUE_ORDER, ...options });
  }

  /**
   * The filter of a queue page: every condition on an indexed field (the projection declares the
   * indexes), but for OVERDUE_CLOSE_OUT, which no queue document can hold (it turns on with the
   * date): the exporters with an overdue close-out are read from the licence register first, and
   * the queue is filtered on them (its queue index narrows the scan; applicantId is checked on it).
   */
  async filter(queue: ReviewQueue, query: QueueFilters & { assignee?: string }, caller: SignedIn): Promise<Filter> {
    const filter: Filter = { queue };
    if (query.destination) filter.destination = query.destination;
    if (query.route) filter.route = query.route;
    if (query.flag === 'OVERDUE_CLOSE_OUT') filter.applicantId = { $in: await this.closeOuts.holders() };
    else if (query.flag) filter[`flagged.${query.flag}`] = true;
    if (query.assignee) filter.assigneeId = query.assignee === 'none' ? null : query.assignee === 'me' ? caller.businessId : query.assignee;
    if (query.overdue) {
      const overdue = query.overdue === 'true';
      // A paused clock stands where it stopped; a running one is overdue once today is past the due date.
      if (queue === 'AWAITING_SUPPLEMENT') filter.pausedOverdue = overdue;
      else filter.dueDate = overdue ? { $lt: this.today() } : { $gte: this.today() };
    }
    return filter;
  }

  /**
   * Queue documents as reviewers see them: days left and overdue worked out for today (they
   * change with the date, not with events), once per due date on the page.
   */
  items(docs: ReviewQueueDocument[]): QueueItem[] {
    const now = this.clock.now().toISOString();
    const today = officeCalendar.dateOf(now);
    const standings = new Map<string, { workingDaysLeft: number; overdue: boolean }>();
    const standingOn = (clock: Pick<ReviewClock, 'dueDate'>) => {
      let standing = standings.get(clock.dueDate);
      if (!standing) standings.set(clock.dueDate, (standing = clockOn(clock as ReviewClock, today, officeCalendar)));
      return standing;
    };
    return docs.map((doc) => {
      // A running clock's due date is the stored one; a paused clock's moves on with each working day it waits.
      const paused = doc.status === 'AWAITING_SUPPLEMENT';
      const clock = paused ? reviewClock(doc.route, doc.statusHistory, officeCalendar, now) : doc.dueDate ? { dueDate: doc.dueDate } : null;
      const standing = clock ? standingOn(clock) : null;
      return {
        caseNo: doc.caseNo,
        queue: doc.queue!,
        status: doc.status,
        dueDate: clock?.dueDate ?? null,
        workingDaysLeft: standing?.workingDaysLeft ?? null,
        overdue: standing?.overdue ?? false,
        paused,
        replyBy: doc.replyBy,
        assignee: doc.assignee && { businessId: doc.assignee.businessId, name: doc.assignee.name },
        destination: doc.destination,
        route: doc.route,
        kind: doc.kind,
        applicantId: doc.applicantId,
        flags: doc.flags,
        overdueCloseOuts: [],
        submittedAt: doc.submittedAt,
      };
    });
  }

  /**
   * Items with the exporters' overdue close-outs (R-EXEMPT-4): one read of the licence register
   * for the whole page, whatever the number of cases on it.
   */
  async withCloseOuts(items: QueueItem[]): Promise<QueueItem[]> {
    const overdue = await this.closeOuts.of(items.map((item) => item.applicantId));
    return items.map((item) => {
      const licenceNos = (overdue.get(item.applicantId) ?? []).map((licence) => licence.licenceNo);
      return licenceNos.length > 0 ? { ...item, flags: [...item.flags, 'OVERDUE_CLOSE_OUT'], overdueCloseOuts: licenceNos } : item;
    });
  }

  private today(): string {
    return officeCalendar.dateOf(this.clock.now().toISOString());
  }
}
