import { Inject, Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CASE_STATUSES, STATUS_ZH, allowedActions, sideOf, type CaseStatus, type FiledCase } from '@shtc/domain';
import { caseNotFound } from '@shtc/commands';
import { CASES, CASE_STATUS_PROJECTION, type CaseDocument } from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, type Filter, type ReadStore } from '@shtc/read-store';
import { originOf } from '../case-origin';
import type { SignedIn } from '../../auth/sessions';
import { Cases } from '../cases';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ListApplicationsQuery {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'application date from (Taiwan), inclusive (R-REV-6)' })
  @IsOptional() @Matches(DATE, { message: 'from must be a date YYYY-MM-DD', context: { rule: 'R-REV-6' } }) from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'application date to, inclusive' })
  @IsOptional() @Matches(DATE, { message: 'to must be a date YYYY-MM-DD', context: { rule: 'R-REV-6' } }) to?: string;
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional() @IsIn(CASE_STATUSES, { message: `status must be one of ${CASE_STATUSES.join(', ')}` }) status?: CaseStatus;
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() cursor?: string;
}

/**
 * What an applicant or agent reads of its own cases (R-ACC-5, R-REV-6), for the API's routes and
 * the console's pages alike: its case list by application dates, a case's status by receipt
 * number, and the whole case folded from its events.
 */
@Injectable()
export class ApplicantCases {
  constructor(
    private readonly cases: Cases,
    private readonly catalog: ProjectionCatalog,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  async list(query: ListApplicationsQuery, account: SignedIn) {
    // R-ACC-5: the cases it applied for, and those it filed as an agent (R-ACC-4).
    const owner: Filter = { $or: [{ applicantId: account.businessId }, { agentId: account.businessId }] };
    const appliedOn = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
    const filter: Filter = {
      ...owner,
      ...(query.from || query.to ? { appliedOn } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const page = await this.store.find<CaseDocument>(await this.collection(), filter, {
      sort: [['appliedOn', 'desc'], ['id', 'desc']],
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(summary), nextCursor: page.nextCursor };
  }

  /** R-REV-6: the status by receipt number. */
  async status(caseNo: string, account: SignedIn) {
    const doc = await this.store.get<CaseDocument>(await this.collection(), caseNo);
    if (!doc || (doc.applicantId !== account.businessId && doc.agentId !== account.businessId)) throw caseNotFound(caseNo);
    return { caseNo, status: doc.status, statusZh: doc.statusZh, updatedAt: doc.updatedAt, dueDate: doc.dueDate };
  }

  /** The whole case, folded from its events: data, items, attachments, statuses, and what the caller may do now. */
  async view(caseNo: string, account: SignedIn) {
    return (await this.read(caseNo, account)).view;
  }

  /** The view, with the case it was made from (the console's page works out what is missing from it). */
  async read(caseNo: string, account: SignedIn) {
    const { state, revision } = await this.cases.see(caseNo, account);
    return { view: this.viewOf(caseNo, state, revision, account), state };
  }

  private viewOf(caseNo: string, state: FiledCase, revision: number, account: SignedIn) {
    const { application, attachments, history, status } = state;
    return {
      caseNo,
      status,
      statusZh: STATUS_ZH[status],
      route: state.route,
      kind: application.kind,
      ...originOf(state),
      applicantId: application.applicantId,
      agentId: state.agentId,
      filedBy: state.filedBy.businessId,
      dataVersion: state.dataVersion,
      application,
      items: application.items,
      warnings: state.warnings,
      endUse: state.endUse,
      attachments: attachments.map(({ attachmentId, type, fileName, size, sha256, mediaType, dataVersion, addedAt }) => ({
        attachmentId, type, fileName, size, sha256, mediaType, addedAt,
        forDataVersion: dataVersion,
      })),
      registeredAt: state.registeredAt,
      submittedAt: state.submittedAt,
      statusHistory: history.map((change) => ({ ...change, statusZh: STATUS_ZH[change.status] })),
      allowedActions: allowedActions(state, sideOf(account.role)),
      // What a reviewer asked for while the case awaits it (R-REV-5); internal notes never show here.
      supplement: state.status === 'AWAITING_SUPPLEMENT' ? state.supplement : null,
      decision: state.decision && { outcome: state.decision.outcome, at: state.decision.at, reasons: state.decision.reasons },
      // The licence the case issued; a correction's is the licence it corrects, before and after its approval.
      licenceNo: state.licence?.licenceNo ?? state.corrects?.licenceNo ?? null,
      validUntil: state.licence?.validUntil ?? null,
      revision,
    };
  }

  private collection(): Promise<string> {
    return this.catalog.collection(CASE_STATUS_PROJECTION, CASES);
  }
}

function summary(doc: CaseDocument) {
  const { caseNo, status, statusZh, route, kind, destination, applicantId, agentId, appliedOn, submittedAt, updatedAt, dueDate } = doc;
  return { caseNo, status, statusZh, route, kind, destination, applicantId, agentId, appliedOn, submittedAt, updatedAt, dueDate };
}
