import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RefusalError, reviewClock, type CaseCommand, type FiledCase } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { officeCalendar } from '@shtc/reference-data';
import { queueOf, type ReviewQueue, type ReviewQueueDocument } from '@shtc/projections';
import type { Filter } from '@shtc/read-store';
import type { SignedIn } from '../../auth/sessions';
import { OnCase } from '../../applications/cases';
import { commandContext, correlationOf } from '../../http/command-context';
import { QueueFilters, ReviewQueues } from './review-queues';

/** Candidates read per page of the queue while looking for one still unclaimed. */
const CANDIDATES_PER_PAGE = 20;

/** The case left the queue since the projection read it: try the next one. */
class NoLongerInQueue extends Error {}

/**
 * "Next case" (issue 8 item 1): the most urgent unclaimed case of a queue, claimed for the caller
 * in one request. The queue is read from the projection, which may lag; the claim itself is a
 * ClaimCase command on the case's stream, appended at the revision it read, so of two reviewers
 * claiming the same case one appends and the other is decided again, refused (the case is
 * assigned), and moves on to the next candidate. Two callers never get the same case. The API's
 * POST /review/queues/:status/next and the console's "next case" both call this.
 */
@Injectable()
export class NextCase {
  constructor(
    private readonly queues: ReviewQueues,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async next(status: string, filters: QueueFilters, account: SignedIn, request: { id: string }) {
    const queue = this.queues.queueNamed(status);
    const filter = { ...(await this.queues.filter(queue, filters, account)), assigneeId: null };
    if (correlationOf(request).resumes) {
      // A retry of an attempt a crash cut short: the case it claimed, if it got that far, is now the
      // caller's; answering it again (the command path finds the claim by its correlation id, and
      // refuses the caller's other cases as "assigned to you already") keeps it from claiming a second.
      const claimedBefore = await this.firstClaimed(queue, { ...filter, assigneeId: account.businessId }, account, request);
      if (claimedBefore) return claimedBefore;
    }
    const claimed = await this.firstClaimed(queue, filter, account, request);
    if (claimed) return claimed;
    throw new NotFoundException({ message: `No unclaimed case left in the ${queue} queue` });
  }

  /** The first case of the queue's filtered pages the caller's claim goes through for; null when none does. */
  private async firstClaimed(queue: ReviewQueue, filter: Filter, account: SignedIn, request: { id: string }) {
    let cursor: string | null = null;
    do {
      const page = await this.queues.find(filter, { limit: CANDIDATES_PER_PAGE, cursor });
      for (const candidate of page.items) {
        // R-REV-3: the second review of a case is not for a reviewer who forwarded it.
        if (queue === 'SECOND_REVIEW' && candidate.initialReviewerIds.includes(account.accountId)) continue;
        const claimed = await this.claim(candidate, queue, account, request);
        if (claimed) return claimed;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return null;
  }

  /** Claims one candidate for the caller; null when another reviewer has it or it left the queue. */
  private async claim(candidate: ReviewQueueDocument, queue: ReviewQueue, account: SignedIn, request: { id: string }) {
    const context = commandContext(account, this.clock, request);
    const claim = (state: FiledCase): CaseCommand => {
      if (queueOf(state.status) !== queue) throw new NoLongerInQueue();
      return {
        type: 'ClaimCase',
        assignee: { accountId: account.accountId, businessId: account.businessId, name: account.name },
        by: context.actor,
        at: context.now.toISOString(),
      };
    };
    try {
      const executed = await this.commands.execute(new OnCase(candidate.caseNo, account, context, claim));
      const state = executed.state as FiledCase;
      // As the case's own events have it now, should the projection lag behind them.
      const [item] = await this.queues.withCloseOuts(this.queues.items([{ ...candidate, status: state.status, statusHistory: state.history, dueDate: reviewClock(state.route, state.history, officeCalendar)?.dueDate ?? null, assignee: state.assignee, assigneeId: state.assignee?.businessId ?? null }]));
      return { ...item, position: executed.position.toString() };
    } catch (error) {
      // Assigned meanwhile (R-REV-2: "assigned to …", "assigned to you already"), or moved on: the next one.
      if (error instanceof NoLongerInQueue || error instanceof RefusalError) return null;
      throw error;
    }
  }
}
