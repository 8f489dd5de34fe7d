import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { LICENCE_STATUSES, LICENCE_STATUS_ZH, RefusalError, licenceAllowedActions, licenceSideOf, refuse, type IssuedLicence, type LicenceStatus } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { LICENCE_DECLARATIONS, LICENCE_REGISTER_PROJECTION, licenceOf, type LicenceDocument } from '@shtc/projections';
import { READ_STORE, type Filter, type ReadStore } from '@shtc/read-store';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { comparisonAnswer, lastComparisonOf } from '../customs/customs.controller';
import { closeOutView } from '../close-out/close-out-view';
import { LicenceRegister } from '../licences';

export class ListLicencesQuery {
  @ApiPropertyOptional({ enum: LICENCE_STATUSES })
  @IsOptional() @IsIn(LICENCE_STATUSES, { message: `status must be one of ${LICENCE_STATUSES.join(', ')}` }) status?: LicenceStatus;
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() cursor?: string;
}

/**
 * What a licence's holder (the applicant of its case, or the agent that filed it) reads of its
 * licences, from the licence register (R-ACC-5): anyone else gets 404, as if it did not exist.
 * Reviewers and auditors read every licence.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller()
export class ViewLicencesController {
  constructor(
    private readonly register: LicenceRegister,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('licences')
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ReadsProjections(LICENCE_REGISTER_PROJECTION)
  @ApiOkResponse({ description: '{ items: [{ licenceNo, caseNo, status, statusZh, destination, issuedAt, validUntil, partialShipments, … and for exhibition licences closeOutBy, closeOutOverdue, closedOut }], nextCursor }, newest first' })
  async list(@Query() query: ListLicencesQuery, @CurrentAccount() account: SignedIn) {
    const staff = account.role === 'REVIEWER' || account.role === 'AUDITOR';
    const filter: Filter = {
      ...(staff ? {} : { $or: [{ holderId: account.businessId }, { agentId: account.businessId }] }),
      ...(query.status ? { status: query.status } : {}),
    };
    const page = await this.store.find<LicenceDocument>(await this.register.collection(), filter, {
      sort: [['issuedAt', 'desc'], ['id', 'desc']],
      limit: query.limit,
      cursor: query.cursor,
    });
    const now = this.clock.now().toISOString();
    return { items: page.items.map((document) => summary(licenceOf(document), now)), nextCursor: page.nextCursor };
  }

  @Get('licences/:licenceNo')
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ReadsProjections(LICENCE_REGISTER_PROJECTION)
  @ApiOkResponse({
    description:
      '{ licenceNo, caseNo, status, issuedAt, validUntil, partialShipments, items: [{ itemNo, quantity, shipped, balance, … }], releases, comparisons, cancellation, allowedActions; for exhibition licences closeOutBy, closeOutOverdue, closedOut (R-EXEMPT-4) }',
  })
  async get(@Param('licenceNo') licenceNo: string, @CurrentAccount() account: SignedIn) {
    const licence = await this.register.see(licenceNo, account);
    const now = this.clock.now().toISOString();
    return {
      ...summary(licence, now),
      buyer: licence.buyer,
      consignee: licence.consignee,
      endUser: licence.endUser,
      items: licence.items,
      releases: licence.releases.map(({ declarationNo, releasedAt, items, recordedAt }) => ({ declarationNo, releasedAt, items, recordedAt })),
      comparisons: licence.comparisons.map((comparison) => comparisonAnswer(licence.licenceNo, comparison)),
      expiredAt: licence.expiredAt,
      exhaustedAt: licence.exhaustedAt,
      cancellation: licence.cancellation && { cancelledLicenceNo: licence.cancellation.cancelledLicenceNo, reason: licence.cancellation.reason, cancelledAt: licence.cancellation.cancelledAt },
      // The BALANCE_REISSUE case that reissued a cancelled licence's balance (R-BAL-1), once one has.
      reissuedBy: licence.reissuedBy ?? null,
      // Each approved correction, oldest first; the licence states the last one (R-CORR-1, R-MISM-1).
      corrections: licence.corrections.map(({ caseNo, kind, version, description, correctedAt }) => ({ caseNo, kind, version, description, correctedAt })),
      allowedActions: licenceAllowedActions(licence, licenceSideOf(account.role), now),
    };
  }

  /** R-CUS-1: the comparison of a declaration that quotes one of the caller's licences; 404 for any other. */
  @Get('declarations/:declarationNo/comparison')
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ReadsProjections(LICENCE_REGISTER_PROJECTION)
  @ApiOkResponse({ description: '{ declarationNo, licenceNo, result: MATCH|MISMATCH, differences, coProcessingCode, comparedAt, declaration }' })
  async comparison(@Param('declarationNo') declarationNo: string, @CurrentAccount() account: SignedIn) {
    const staff = account.role === 'REVIEWER' || account.role === 'AUDITOR';
    const filter: Filter = staff ? { declarationNo } : { declarationNo, $or: [{ holderId: account.businessId }, { agentId: account.businessId }] };
    const found = await lastComparisonOf(this.store, await this.register.collection(LICENCE_DECLARATIONS), filter);
    if (!found) throw new RefusalError(refuse('R-ACC-5', `No declaration ${declarationNo} quoting a licence of yours`, 'NOT_FOUND'));
    return comparisonAnswer(found.licenceNo, found.comparison);
  }
}

/** `now`: whether an exhibition licence's close-out is overdue depends on the day (R-EXEMPT-4). */
function summary(licence: IssuedLicence, now: string) {
  const { licenceNo, caseNo, status, holderId, agentId, destination, partialShipments, issuedOn, issuedAt, validUntil, validityMonths, validityReason, version } = licence;
  return {
    licenceNo, caseNo, status, statusZh: LICENCE_STATUS_ZH[status], holderId, agentId, destination, partialShipments,
    issuedOn, issuedAt, validUntil, validityMonths, validityReason, version,
    ...closeOutView(licence, now),
  };
}
