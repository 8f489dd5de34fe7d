import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { AccessPolicy, loadStream } from '@shtc/commands';
import { Decimal, RefusalError, comparisonOf, licensedTermsOf, licenceCodec, licenceDecider, refuse, type Application, type IssuedLicence } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { Assurances } from '../../assurances/assurances';
import { Cases } from '../cases';

export class ReferenceDataQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() receiptNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() licenceNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() cancelledLicenceNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() assuranceNo?: string;
  @ApiPropertyOptional({ description: 'with licenceNo: the kind of case to prefill (NEW by default; CORRECTION, or MISMATCH_CORRECTION with declarationNo)', enum: ['NEW', 'CORRECTION', 'MISMATCH_CORRECTION'] })
  @IsOptional()
  @IsIn(['NEW', 'CORRECTION', 'MISMATCH_CORRECTION'], { message: 'kind must be NEW, CORRECTION or MISMATCH_CORRECTION' })
  kind?: 'NEW' | 'CORRECTION' | 'MISMATCH_CORRECTION';
  @ApiPropertyOptional({ description: 'with licenceNo and kind=MISMATCH_CORRECTION: the declaration customs found not matching (R-MISM-1)' })
  @IsOptional()
  @IsString()
  declarationNo?: string;
}

const SOURCES = ['receiptNo', 'licenceNo', 'cancelledLicenceNo', 'assuranceNo'] as const;

/**
 * R-REF-1 load reference data: a prefill of the application body from an earlier case,
 * licence or assurance of the caller's (someone else's answers 404, as if it did not exist).
 * The answer is an application body as POST /applications takes it, unchanged.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('reference-data')
export class ReferenceDataController {
  constructor(
    private readonly cases: Cases,
    private readonly assurances: Assurances,
    private readonly access: AccessPolicy,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get()
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: 'a prefill of the application body, which POST /applications accepts as it is; from an assurance, partialShipments is false (single shipment) until changed' })
  async prefill(@Query() query: ReferenceDataQuery, @CurrentAccount() account: SignedIn) {
    const given = SOURCES.map((key) => [key, query[key]] as const).filter(([, value]) => value !== undefined && value !== '');
    if (given.length !== 1) {
      throw new BadRequestException({
        message: 'Give exactly one of receiptNo, licenceNo, cancelledLicenceNo or assuranceNo',
        rule: 'R-REF-1',
        errors: [{ field: 'query', message: 'exactly one of receiptNo, licenceNo, cancelledLicenceNo, assuranceNo', rule: 'R-REF-1' }],
      });
    }
    const [[key, value]] = given as Array<[(typeof SOURCES)[number], string]>;
    if ((query.kind || query.declarationNo) && key !== 'licenceNo') {
      throw new RefusalError(refuse('R-REF-1', 'kind and declarationNo go with licenceNo only', 'INVALID', 'kind'));
    }
    if (key === 'receiptNo') {
      const { state } = await this.cases.see(value, account);
      // A case closed for amendment is amended from its receipt number (R-AMEND-1); any other is a NEW case's reference.
      if (state.status === 'CLOSED_FOR_AMENDMENT') return { ...state.application, kind: 'AMENDMENT', originalCaseNo: value };
      return { ...state.application, kind: 'NEW' };
    }
    if (key === 'assuranceNo') {
      const assurance = await this.assurances.see(value, account);
      const { destination, buyer, consignee, endUser, items, companyEmail, applicantId } = assurance;
      // The assurance does not say how the goods ship: single shipment until the applicant chooses (R-FORM-5).
      return { kind: 'NEW', route: 'IRAN_NK', applicantId, assuranceNo: value, companyEmail, destination, partialShipments: false, buyer, consignee, endUser, items };
    }
    if (key === 'cancelledLicenceNo') return this.balanceReissue(value, account);
    // A licence of the caller's: a NEW case like the one it was issued for (R-REF-1), or a correction of it.
    const licence = await this.licenceOf(value, account);
    const { state: issuing } = await this.cases.see(licence.caseNo, account);
    if (!query.kind || query.kind === 'NEW') return { ...issuing.application, kind: 'NEW' };
    return this.correction(licence, issuing.application, query.kind, query.declarationNo);
  }

  /**
   * R-CORR-1 / R-MISM-1: a correction of a licence of the caller's, prefilled with what the licence
   * states now (its last corrected version) for the applicant to change and describe; a mismatch
   * correction also quotes the declaration and the co-processing code customs gave for it. The
   * rules that refuse the filing (a release, R-BAL-3; no mismatch) are answered when it is filed.
   */
  private correction(licence: IssuedLicence, application: Application, kind: 'CORRECTION' | 'MISMATCH_CORRECTION', declarationNo: string | undefined) {
    const { licenceNo } = licence;
    const prefill = { ...application, kind, licenceNo, ...licensedTermsOf(licence), description: '' };
    if (kind === 'CORRECTION') return prefill;
    if (!declarationNo) throw new RefusalError(refuse('R-MISM-1', 'A mismatch correction quotes the declaration: give declarationNo', 'INVALID', 'declarationNo'));
    const comparison = comparisonOf(licence, declarationNo);
    if (!comparison) throw new RefusalError(refuse('R-MISM-1', `Declaration ${declarationNo} was not compared with licence ${licenceNo}`, 'NOT_FOUND', 'declarationNo'));
    return { ...prefill, declarationNo, coProcessingCode: comparison.coProcessingCode ?? '' };
  }

  /** A licence the caller may see, or 404 (R-ACC-5): its holder, the agent that filed its case, reviewers. */
  private async licenceOf(licenceNo: string, account: SignedIn) {
    const { state } = /^[A-Za-z0-9-]{1,40}$/.test(licenceNo)
      ? await loadStream(this.events, { codec: licenceCodec, decider: licenceDecider }, licenceNo)
      : { state: { status: 'NONE' as const } };
    return this.access.seeLicence(account, licenceNo, state);
  }

  /**
   * R-BAL-1/R-BAL-2: a BALANCE_REISSUE of a cancelled licence of the caller's: the data of the
   * case that issued it, and each item with a balance left, with that balance as its quantity
   * (numbered 1, 2, 3 … afresh, R-ITEM-1; its amount as licensed, to be adjusted).
   */
  private async balanceReissue(licenceNo: string, account: SignedIn) {
    const licence = await this.licenceOf(licenceNo, account);
    if (licence.status !== 'CANCELLED') {
      throw new RefusalError(
        refuse('R-BAL-1', `Licence ${licenceNo} is ${licence.status}: only the balance of a cancelled licence is reissued`, 'RULE', 'cancelledLicenceNo').with({ licenceStatus: licence.status }),
      );
    }
    const { state: issuing } = await this.cases.see(licence.caseNo, account);
    const items = licence.items
      .filter((item) => Decimal.fromStored(item.balance).isPositive())
      .map(({ shipped: _shipped, balance, ...item }, i) => ({ ...item, itemNo: i + 1, quantity: balance }));
    const { destination, buyer, consignee, endUser, partialShipments } = licence;
    return { ...issuing.application, kind: 'BALANCE_REISSUE', cancelledLicenceNo: licenceNo, destination, buyer, consignee, endUser, partialShipments, items };
  }
}
