import { Body, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CASE_STATUS_PROJECTION } from '@shtc/projections';
import { CLOCK, type Clock } from '@shtc/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ApplicantCommands } from '../../applications/applicant-commands';
import { ApplicationDto } from '../../applications/application.dto';
import { CaseAttachments } from '../../applications/attachments/case-attachments';
import { CancelApplicationDto } from '../../applications/cancel-application/cancel-application';
import { FileApplicationCommand } from '../../applications/file-application/file-application.command';
import { ProvideSupplementDto } from '../../applications/provide-supplement/provide-supplement';
import { SubmitApplicationDto } from '../../applications/submit-application/submit-application';
import { commandContext } from '../../http/command-context';
import { MultipartForm } from '../../http/multipart-form';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { ConsoleController, validated } from '../http/console-controller';
import { ConsolePages, problemView, seeOther } from '../http/console-pages';
import { ConsoleWrites } from '../http/console-writes';
import { CSRF_FIELD, ConsoleCsrf, CsrfCheckedInHandler } from '../http/csrf';
import { text, type FormFields } from '../http/form-body';
import { ApplicantCasePage, type ApplicantFormState } from './applicant-case-page';
import { ApplicantListPage, type ApplicantListQuery } from './applicant-list-page';
import { applicationBodyOf, filingFormModel } from './filing-form';

const ACTIONS = ['submit', 'supplement', 'cancel', 'remove-attachment'] as const;
type ApplicantAction = (typeof ACTIONS)[number];

/**
 * The applicant's pages (issue 13): its cases (R-REV-6), a new case's filing form, a case with
 * what is still missing, uploads, submission, the supplement reply and the documents to sign.
 * Every read and command goes through what the API's applicant routes call; applicants and
 * agents see only their own cases (404 otherwise, R-ACC-5).
 */
@ConsoleController('applications')
@Roles('APPLICANT', 'AGENT')
export class ConsoleApplicantController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly listPage: ApplicantListPage,
    private readonly casePage: ApplicantCasePage,
    private readonly applicant: ApplicantCommands,
    private readonly attachments: CaseAttachments,
    private readonly commands: CommandBus,
    private readonly csrf: ConsoleCsrf,
    private readonly writes: ConsoleWrites,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ReadsProjections(CASE_STATUS_PROJECTION)
  async list(@Query() query: ApplicantListQuery, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.pages.send(request, reply, 'applications', await this.listPage.model(account, query));
  }

  @Get('new')
  async newCase(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.showFiling(request, reply, {});
  }

  /** Files a NEW case through the same command as POST /applications (FileApplicationCommand), its body checked by the same DTO. */
  @Post()
  async file(@Body() form: FormFields, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const fields = Object.fromEntries(Object.entries(form).filter(([name]) => name !== CSRF_FIELD));
    try {
      const body = await validated(ApplicationDto, applicationBodyOf(fields));
      const filed = await this.commands.execute(new FileApplicationCommand(body as unknown as Record<string, unknown>, account, commandContext(account, this.clock, request)));
      this.writes.remember(request, filed.position);
      await seeOther(reply, `/console/applications/${encodeURIComponent(filed.caseNo)}?done=file#top`);
    } catch (error) {
      const problem = problemView(error);
      if (problem.status >= 500) throw error;
      await this.showFiling(request, reply, fields, problem, problem.status);
    }
  }

  @Get(':caseNo')
  async casePageOf(@Param('caseNo') caseNo: string, @Query('done') done: string | undefined, @Query('doc') doc: string | undefined, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.showCase(caseNo, account, request, reply, { done, doc });
  }

  /**
   * An upload from the case page (multipart: `_csrf`, `type`, `file`), through CaseAttachments as
   * POST /applications/:caseNo/attachments: refused before the body is read when the case takes
   * no uploads now; the form token is checked once the fields are read, before the file is kept.
   */
  @Post(':caseNo/attachments')
  @MultipartForm()
  @CsrfCheckedInHandler()
  async upload(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    let type = '';
    try {
      const uploaded = await this.attachments.upload(caseNo, account, request, {
        extraFields: [CSRF_FIELD],
        checkFields: (fields) => {
          type = fields.type ?? '';
          this.csrf.check(request, fields[CSRF_FIELD]);
        },
      });
      this.writes.remember(request, uploaded.position);
      await seeOther(reply, `/console/applications/${encodeURIComponent(caseNo)}?done=attach#top`);
    } catch (error) {
      const problem = problemView(error);
      if (problem.status >= 500 || problem.status === 404 || (problem.status === 403 && !problem.rule)) throw error;
      await this.showCase(caseNo, account, request, reply, { form: { action: 'attach', values: { type }, problem } }, problem.status);
    }
  }

  @Post(':caseNo/actions/:action')
  async act(@Param('caseNo') caseNo: string, @Param('action') action: string, @Body() form: FormFields, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!(ACTIONS as readonly string[]).includes(action)) throw new NotFoundException({ message: `No action ${action}` });
    const values = Object.fromEntries(Object.entries(form).filter(([name]) => name !== CSRF_FIELD && name !== 'step'));
    const state: ApplicantFormState = { action, values };
    try {
      // Cancelling ends the case: it is confirmed first.
      if (action === 'cancel' && text(form, 'step') !== 'execute') {
        await validated(CancelApplicationDto, { reason: text(form, 'reason') });
        return await this.showCase(caseNo, account, request, reply, { form: { ...state, confirming: true } });
      }
      this.writes.remember(request, await this.run(action as ApplicantAction, caseNo, form, account, request));
      await seeOther(reply, `/console/applications/${encodeURIComponent(caseNo)}?done=${action}#top`);
    } catch (error) {
      const problem = problemView(error);
      if (problem.status >= 500 || problem.status === 404) throw error;
      await this.showCase(caseNo, account, request, reply, { form: { ...state, problem } }, problem.status);
    }
  }

  /** Runs the action through the API's own service; the position of what it wrote. */
  private async run(action: ApplicantAction, caseNo: string, form: FormFields, account: SignedIn, request: FastifyRequest): Promise<string | bigint> {
    const caller = { account, request };
    switch (action) {
      case 'submit': {
        const dto = await validated(SubmitApplicationDto, { endUse: text(form, 'endUse') });
        return (await this.applicant.submit(caseNo, dto.endUse, caller)).position;
      }
      case 'supplement': {
        const dto = await validated(ProvideSupplementDto, text(form, 'note').trim() ? { note: text(form, 'note') } : {});
        return (await this.applicant.provideSupplement(caseNo, dto.note, caller)).position;
      }
      case 'cancel': {
        const dto = await validated(CancelApplicationDto, { reason: text(form, 'reason') });
        return (await this.applicant.cancel(caseNo, dto.reason, caller)).position;
      }
      case 'remove-attachment':
        return (await this.attachments.remove(caseNo, text(form, 'attachmentId'), account, request)).position;
    }
  }

  private async showCase(caseNo: string, account: SignedIn, request: FastifyRequest, reply: FastifyReply, options: { form?: ApplicantFormState; done?: string; doc?: string }, status = 200) {
    await this.pages.send(request, reply, 'applicant-case', await this.casePage.model(caseNo, account, options), status);
  }

  private async showFiling(request: FastifyRequest, reply: FastifyReply, fields: FormFields, problem: ReturnType<typeof problemView> | null = null, status = 200) {
    await this.pages.send(request, reply, 'filing', { title: { zh: '新申請', en: 'New application' }, ...filingFormModel(fields), problem }, status);
  }
}
