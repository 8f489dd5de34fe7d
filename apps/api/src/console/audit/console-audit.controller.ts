import { Get, Param, Query, Req, Res } from '@nestjs/common';
import { AUDIT_TRAIL_PROJECTION } from '@shtc/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../auth/access.decorators';
import { IntegrityQuery } from '../../audit/integrity/integrity.controller';
import { IntegrityCheck } from '../../audit/integrity/integrity-check';
import { TimelineExports, asciiOnly } from '../../audit/case-timeline/timeline-exports';
import { sendPdf } from '../../http/pdf-reply';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { ConsoleController, validated } from '../http/console-controller';
import { ConsolePages, problemView, seeOther } from '../http/console-pages';
import { AuditCasePage, type AuditCaseQuery } from './audit-case-page';

/**
 * The auditor's pages (issue 13), read-only as the auditor is (R-ACC-5): a case's timeline, the
 * case as it stood at any of its events, the integrity check, and the timeline as PDF and CSV,
 * through the services the API's /audit routes call. AUDITOR and ADMIN, as those routes.
 */
@ConsoleController('audit')
@Roles('AUDITOR', 'ADMIN')
export class ConsoleAuditController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly casePage: AuditCasePage,
    private readonly exports: TimelineExports,
    private readonly integrity: IntegrityCheck,
  ) {}

  @Get()
  async home(@Query('caseNo') caseNo: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const wanted = caseNo?.trim();
    if (wanted) return seeOther(reply, `/console/audit/cases/${encodeURIComponent(wanted)}`);
    await this.pages.send(request, reply, 'audit', { title: { zh: '案件稽核', en: 'Case audit' } });
  }

  @Get('cases/:caseNo')
  @ReadsProjections(AUDIT_TRAIL_PROJECTION)
  async caseOf(@Param('caseNo') caseNo: string, @Query() query: AuditCaseQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.pages.send(request, reply, 'audit-case', await this.casePage.model(caseNo, query));
  }

  @Get('cases/:caseNo/timeline.csv')
  @ReadsProjections(AUDIT_TRAIL_PROJECTION)
  async csv(@Param('caseNo') caseNo: string, @Res() reply: FastifyReply) {
    const csv = await this.exports.csv(caseNo);
    await reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="timeline-${asciiOnly(caseNo)}.csv"`)
      .send(csv);
  }

  @Get('cases/:caseNo/timeline.pdf')
  @ReadsProjections(AUDIT_TRAIL_PROJECTION)
  async pdf(@Param('caseNo') caseNo: string, @Res() reply: FastifyReply) {
    await sendPdf(reply, await this.exports.pdf(caseNo), `timeline-${caseNo}.pdf`);
  }

  /** The whole log's integrity, or one stream's: run when asked (it reads every event). */
  @Get('integrity')
  async integrityOf(@Query() query: { stream?: string; run?: string }, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const stream = query.stream?.trim() || undefined;
    let result = null;
    let problem = null;
    if (query.run === '1') {
      try {
        const checked = await validated(IntegrityQuery, stream ? { stream } : {});
        result = await this.integrity.check(checked.stream);
      } catch (error) {
        problem = problemView(error);
        if (problem.status >= 500) throw error;
      }
    }
    await this.pages.send(request, reply, 'integrity', { title: { zh: '完整性檢查', en: 'Integrity check' }, stream: stream ?? '', result, problem });
  }
}
