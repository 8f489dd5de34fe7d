import { Body, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { LICENCE_REGISTER_PROJECTION, PRECEDENTS_PROJECTION, REVIEW_QUEUES_PROJECTION } from '@shtc/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { NextCase } from '../../review/queues/next-case';
import { QueueFilters } from '../../review/queues/review-queues';
import { ConsoleController, validated } from '../http/console-controller';
import { ConsolePages, problemView, seeOther } from '../http/console-pages';
import { ConsoleWrites } from '../http/console-writes';
import { text, type FormFields } from '../http/form-body';
import { QueuePage, queueHref, type QueuePageQuery } from './queue-page';
import { ReviewCasePage, type ActionFormState } from './review-case-page';
import { ReviewerActions } from './reviewer-actions';

/**
 * The reviewer's pages (issue 13): the queues, "next case", a case with the decisions open now,
 * and each decision's form with its confirmation step. Every read and command goes through the
 * services the API's reviewer routes call; a refusal comes back on the form, as typed.
 */
@ConsoleController('review')
@Roles('REVIEWER')
export class ConsoleReviewController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly queuePage: QueuePage,
    private readonly casePage: ReviewCasePage,
    private readonly actions: ReviewerActions,
    private readonly nextCase: NextCase,
    private readonly writes: ConsoleWrites,
  ) {}

  @Get()
  @ReadsProjections(REVIEW_QUEUES_PROJECTION, LICENCE_REGISTER_PROJECTION)
  async queues(@Query() query: QueuePageQuery & { none?: string }, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const model = await this.queuePage.model(account, query);
    await this.pages.send(request, reply, 'queue', { ...model, noneLeft: query.none === '1' });
  }

  /** "Next case": the most urgent unclaimed case of the queue (with its filters), claimed for the caller. */
  @Post('next')
  async next(@Body() form: FormFields, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const queue = text(form, 'queue') || 'INITIAL_REVIEW';
    const given = Object.fromEntries(['destination', 'route', 'flag', 'overdue'].filter((name) => text(form, name)).map((name) => [name, text(form, name)]));
    try {
      const filters = await validated(QueueFilters, given);
      const claimed = await this.nextCase.next(queue, filters, account, request);
      this.writes.remember(request, claimed.position);
      await seeOther(reply, `/console/review/cases/${encodeURIComponent(claimed.caseNo)}?done=claim#top`);
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
      await seeOther(reply, `${queueHref({ ...given, queue } as QueuePageQuery)}&none=1`);
    }
  }

  @Get('cases/:caseNo')
  // The queues, close-outs and precedents it shows wait for the session's last command (ConsoleWrites).
  @ReadsProjections(REVIEW_QUEUES_PROJECTION, LICENCE_REGISTER_PROJECTION, PRECEDENTS_PROJECTION)
  async casePageOf(
    @Param('caseNo') caseNo: string,
    @Query('done') done: string | undefined,
    @Query('doc') doc: string | undefined,
    @CurrentAccount() account: SignedIn,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.showCase(caseNo, account, request, reply, { done, doc });
  }

  /**
   * One action on the case. A decision is sent twice: first its form (checked as the API checks
   * its body, and shown back to confirm), then the confirmation (`step=execute`), which runs it.
   */
  @Post('cases/:caseNo/actions/:action')
  async act(
    @Param('caseNo') caseNo: string,
    @Param('action') action: string,
    @Body() form: FormFields,
    @CurrentAccount() account: SignedIn,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!this.actions.has(action)) throw new NotFoundException({ message: `No action ${action}` });
    const step = text(form, 'step');
    const values = Object.fromEntries(Object.entries(form).filter(([name]) => name !== '_csrf' && name !== 'step'));
    const state: ActionFormState = { action, values, hitId: text(form, 'hitId') || undefined };
    if (step === 'edit') return this.showCase(caseNo, account, request, reply, { form: state });
    try {
      if (this.actions.needsConfirmation(action) && step !== 'execute') {
        const confirming = await this.actions.check(action, values);
        return await this.showCase(caseNo, account, request, reply, { form: { ...state, confirming } });
      }
      const { position } = await this.actions.run(action, caseNo, values, { account, request });
      this.writes.remember(request, position);
      await seeOther(reply, `/console/review/cases/${encodeURIComponent(caseNo)}?done=${action}#top`);
    } catch (error) {
      const problem = problemView(error);
      if (problem.status >= 500 || problem.status === 404) throw error;
      await this.showCase(caseNo, account, request, reply, { form: { ...state, problem } }, problem.status);
    }
  }

  private async showCase(caseNo: string, account: SignedIn, request: FastifyRequest, reply: FastifyReply, options: { form?: ActionFormState; done?: string; doc?: string }, status = 200) {
    const model = await this.casePage.model(caseNo, account, options);
    await this.pages.send(request, reply, 'review-case', model, status);
  }
}
