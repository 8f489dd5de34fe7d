import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CASE_KINDS, ROUTES, type CaseKind, type Route } from '@shtc/domain';

/**
 * The application body of api.md, checked for shape here (types, presence, lengths); the
 * business rules of each field (R-FORM, R-ITEM) are the domain's, which names them.
 */
const required = { context: { rule: 'R-FORM-1' } };

export class PartyDto {
  @ApiProperty() @IsString(required) @MaxLength(500) name!: string;
  @ApiPropertyOptional({ description: 'End user in CN: the name in Traditional Chinese (R-FORM-3)' })
  @IsOptional() @IsString() @MaxLength(500) nameZh?: string;
  @ApiProperty() @IsString(required) @MaxLength(1000) address!: string;
  @ApiProperty({ example: 'DE' }) @IsString(required) @MaxLength(2, { context: { rule: 'R-FORM-1' } }) country!: string;
}

export class ConsigneeDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() sameAsBuyer?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) address?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2) country?: string;
}

export class ReExportDto {
  @ApiProperty({ example: 'US' }) @IsString(required) originCountry!: string;
  @ApiProperty() @IsBoolean(required) returnsToOrigin!: boolean;
}

export class ExemptionDto {
  @ApiProperty({ enum: ['EXHIBITION', 'SPECIAL_APPROVAL'] })
  @IsIn(['EXHIBITION', 'SPECIAL_APPROVAL'], { message: 'reason must be EXHIBITION or SPECIAL_APPROVAL', context: { rule: 'R-EXEMPT-1' } })
  reason!: 'EXHIBITION' | 'SPECIAL_APPROVAL';
  @ApiProperty() @IsString({ context: { rule: 'R-EXEMPT-2' } }) @MaxLength(2000) endUse!: string;
  @ApiPropertyOptional({ example: '2027-03-01' }) @IsOptional() @IsString() returnBy?: string;
}

export class GoodsItemDto {
  @ApiProperty({ example: 1 }) @IsInt({ message: 'itemNo must be a whole number', context: { rule: 'R-ITEM-1' } }) itemNo!: number;
  @ApiProperty() @IsString(required) goodsName!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() brand?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() model?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() spec?: string;
  @ApiProperty({ example: '85414100004' }) @IsString({ context: { rule: 'R-ITEM-4' } }) cccCode!: string;
  @ApiProperty({ example: '5A002.a' }) @IsString({ context: { rule: 'R-ITEM-5' } }) eccn!: string;
  @ApiProperty({ example: '100.5', description: 'decimal string' })
  @IsString({ message: 'quantity must be a decimal string such as "100.5"', context: { rule: 'R-ITEM-3' } })
  quantity!: string;
  @ApiProperty({ example: 'PCE' }) @IsString({ context: { rule: 'R-ITEM-6' } }) unit!: string;
  @ApiProperty({ example: '12000.00' })
  @IsString({ message: 'amount must be a decimal string such as "12000.00"', context: { rule: 'R-ITEM-6' } })
  amount!: string;
  @ApiProperty({ example: 'USD' }) @IsString({ context: { rule: 'R-ITEM-6' } }) currency!: string;
}

export class ApplicationDto {
  @ApiProperty({ enum: CASE_KINDS }) @IsIn(CASE_KINDS, required) kind!: CaseKind;
  @ApiPropertyOptional({ enum: ROUTES, description: 'for NEW' }) @IsOptional() @IsIn(ROUTES) route?: Route;
  @ApiPropertyOptional({ description: 'set by an agent: the applicant it files for (R-ACC-4)' })
  @IsOptional() @IsString() applicantId?: string;
  @ApiProperty({ example: 'export@example.com' }) @IsString(required) companyEmail!: string;
  @ApiProperty({ example: 'DE' }) @IsString(required) destination!: string;
  @ApiPropertyOptional({ example: 'SGSIN' }) @IsOptional() @IsString() transshipmentPort?: string;
  @ApiProperty({ description: 'partial (true) or single (false) shipment (R-FORM-5)' })
  @IsOptional() @IsBoolean({ message: 'partialShipments must be chosen: true or false', context: { rule: 'R-FORM-5' } }) partialShipments!: boolean;
  @ApiProperty({ type: PartyDto }) @IsObject(required) @ValidateNested() @Type(() => PartyDto) buyer!: PartyDto;
  @ApiProperty({ type: ConsigneeDto }) @IsObject(required) @ValidateNested() @Type(() => ConsigneeDto) consignee!: ConsigneeDto;
  @ApiProperty({ type: PartyDto }) @IsObject(required) @ValidateNested() @Type(() => PartyDto) endUser!: PartyDto;
  @ApiPropertyOptional({ type: ReExportDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => ReExportDto) reExport?: ReExportDto;
  @ApiPropertyOptional({ type: ExemptionDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => ExemptionDto) exemption?: ExemptionDto;
  @ApiPropertyOptional() @IsOptional() @IsString() assuranceNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() originalCaseNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() licenceNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() declarationNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() coProcessingCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() description?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() cancelledLicenceNo?: string;
  @ApiProperty({ type: [GoodsItemDto] })
  @IsArray(required)
  @ArrayMaxSize(999, { message: 'at most 999 goods lines' })
  @ValidateNested({ each: true })
  @Type(() => GoodsItemDto)
  items!: GoodsItemDto[];
}
