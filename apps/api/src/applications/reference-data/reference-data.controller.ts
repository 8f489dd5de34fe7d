import { BadRequestException, Controller, Get, NotFoundException, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { Assurances } from '../../assurances/assurances';
import { Cases } from '../cases';

export class ReferenceDataQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() receiptNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() licenceNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() cancelledLicenceNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() assuranceNo?: string;
}

/**
 * R-REF-1 load reference data: a prefill of the application body from an earlier case,
 * licence or assurance of the caller's (someone else's answers 404, as if it did not exist).
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('reference-data')
export class ReferenceDataController {
  constructor(
    private readonly cases: Cases,
    private readonly assurances: Assurances,
  ) {}

  @Get()
  @Roles('APPLICANT', 'AGENT')
  @ApiOkResponse({ description: 'a prefill of the application body' })
  async prefill(@Query() query: ReferenceDataQuery, @CurrentAccount() account: SignedIn) {
    const given = Object.entries(query).filter(([, value]) => value !== undefined && value !== '');
    if (given.length !== 1) {
      throw new BadRequestException({
        message: 'Give exactly one of receiptNo, licenceNo, cancelledLicenceNo or assuranceNo',
        rule: 'R-REF-1',
        errors: [{ field: 'query', message: 'exactly one of receiptNo, licenceNo, cancelledLicenceNo, assuranceNo', rule: 'R-REF-1' }],
      });
    }
    const [[key, value]] = given as Array<[keyof ReferenceDataQuery, string]>;
    if (key === 'receiptNo') {
      const { state } = await this.cases.loadFor(value, account);
      const { application } = state;
      return { ...application, route: application.route, kind: 'NEW', source: { receiptNo: value } };
    }
    if (key === 'assuranceNo') {
      const assurance = await this.assurances.loadFor(value, account);
      const { destination, buyer, consignee, endUser, items, companyEmail } = assurance;
      return {
        kind: 'NEW', route: 'IRAN_NK', applicantId: assurance.applicantId, assuranceNo: value,
        companyEmail, destination, buyer, consignee, endUser, items, source: { assuranceNo: value },
      };
    }
    // Licences are issued by review (later work): until then there is none of anyone's.
    throw new NotFoundException({ message: `No licence ${value} of yours`, rule: 'R-REF-1' });
  }
}
