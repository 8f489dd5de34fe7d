import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CASE_KINDS, ROUTES, type CaseKind, type Route } from '@shtc/domain';

/**
 * The application body of api.md. This class states its shape alone — which fields exist (any
 * other is refused) and their JSON types — for Swagger and for 400s. Whether a field is
 * required and what it may hold are the numbered rules of the domain check
 * (`checkApplication`: R-FORM, R-ITEM, R-EXEMPT, R-IRNK), which refuses each field once, by rule.
 */
const rule = (id: string) => ({ context: { rule: id } });

export class PartyDto {
  @ApiProperty() @IsOptional() @IsString(rule('R-FORM-2')) name?: string;
  @ApiPropertyOptional({ description: 'End user in CN: the name in Traditional Chinese (R-FORM-3)' })
  @IsOptional() @IsString(rule('R-FORM-3')) nameZh?: string;
  @ApiProperty() @IsOptional() @IsString(rule('R-FORM-2')) address?: string;
  @ApiProperty({ example: 'DE' }) @IsOptional() @IsString(rule('R-FORM-1')) country?: string;
}

/** Either a party or `{ sameAsBuyer: true }`, so the document requires none of its fields (the domain check does, by rule). */
export class ConsigneeDto extends PartyDto {
  @ApiPropertyOptional({ description: 'required unless sameAsBuyer (R-FORM-2)' }) declare name?: string;
  @ApiPropertyOptional({ description: 'End user in CN: the name in Traditional Chinese (R-FORM-3)' }) declare nameZh?: string;
  @ApiPropertyOptional({ description: 'required unless sameAsBuyer (R-FORM-2)' }) declare address?: string;
  @ApiPropertyOptional({ example: 'DE', description: 'required unless sameAsBuyer (R-FORM-1)' }) declare country?: string;
  @ApiPropertyOptional({ description: 'true: the consignee is the buyer (R-FORM-2)' }) @IsOptional() @IsBoolean(rule('R-FORM-2')) sameAsBuyer?: boolean;
}

export class ReExportDto {
  @ApiProperty({ example: 'US' }) @IsOptional() @IsString(rule('R-NEW-4')) originCountry?: string;
  @ApiProperty() @IsOptional() @IsBoolean(rule('R-NEW-4')) returnsToOrigin?: boolean;
}

export class ExemptionDto {
  @ApiProperty({ enum: ['EXHIBITION', 'SPECIAL_APPROVAL'] }) @IsOptional() @IsString(rule('R-EXEMPT-1')) reason?: string;
  @ApiProperty({ description: 'the end use, in English (R-EXEMPT-2)' }) @IsOptional() @IsString(rule('R-EXEMPT-2')) endUse?: string;
  @ApiPropertyOptional({ example: '2027-03-01', description: 'exhibition goods come back by (R-EXEMPT-4)' })
  @IsOptional() @IsString(rule('R-EXEMPT-4')) returnBy?: string;
}

export class GoodsItemDto {
  @ApiProperty({ example: 1 }) @IsOptional() @IsInt({ message: 'itemNo must be a whole number', ...rule('R-ITEM-1') }) itemNo?: number;
  @ApiProperty() @IsOptional() @IsString(rule('R-ITEM-2')) goodsName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-ITEM-2')) brand?: string;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-ITEM-2')) model?: string;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-ITEM-2')) spec?: string;
  @ApiProperty({ example: '85414100004' }) @IsOptional() @IsString(rule('R-ITEM-4')) cccCode?: string;
  @ApiProperty({ example: '5A002.a' }) @IsOptional() @IsString(rule('R-ITEM-5')) eccn?: string;
  @ApiProperty({ example: '100.5', description: 'decimal string' })
  @IsOptional() @IsString({ message: 'quantity must be a decimal string such as "100.5"', ...rule('R-ITEM-3') }) quantity?: string;
  @ApiProperty({ example: 'PCE' }) @IsOptional() @IsString(rule('R-ITEM-6')) unit?: string;
  @ApiProperty({ example: '12000.00', description: 'decimal string' })
  @IsOptional() @IsString({ message: 'amount must be a decimal string such as "12000.00"', ...rule('R-ITEM-6') }) amount?: string;
  @ApiProperty({ example: 'USD' }) @IsOptional() @IsString(rule('R-ITEM-6')) currency?: string;
}

export class ApplicationDto {
  @ApiProperty({ enum: CASE_KINDS }) @IsOptional() @IsString(rule('R-FORM-1')) kind?: CaseKind;
  @ApiPropertyOptional({ enum: ROUTES, description: 'for NEW' }) @IsOptional() @IsString(rule('R-FORM-1')) route?: Route;
  @ApiPropertyOptional({ description: 'names the applicant an agent files for (R-ACC-4); without it an account files for itself' })
  @IsOptional() @IsString(rule('R-ACC-4')) applicantId?: string;
  @ApiProperty({ example: 'export@example.com' }) @IsOptional() @IsString(rule('R-FORM-1')) companyEmail?: string;
  @ApiProperty({ example: 'DE' }) @IsOptional() @IsString(rule('R-FORM-1')) destination?: string;
  @ApiPropertyOptional({ example: 'SGSIN' }) @IsOptional() @IsString(rule('R-FORM-4')) transshipmentPort?: string;
  @ApiProperty({ description: 'partial (true) or single (false) shipment (R-FORM-5)' })
  @IsOptional() @IsBoolean({ message: 'partialShipments must be chosen: true or false', ...rule('R-FORM-5') }) partialShipments?: boolean;
  @ApiProperty({ type: PartyDto }) @IsOptional() @IsObject(rule('R-FORM-1')) @ValidateNested() @Type(() => PartyDto) buyer?: PartyDto;
  @ApiProperty({ type: ConsigneeDto }) @IsOptional() @IsObject(rule('R-FORM-1')) @ValidateNested() @Type(() => ConsigneeDto) consignee?: ConsigneeDto;
  @ApiProperty({ type: PartyDto }) @IsOptional() @IsObject(rule('R-FORM-1')) @ValidateNested() @Type(() => PartyDto) endUser?: PartyDto;
  @ApiPropertyOptional({ type: ReExportDto }) @IsOptional() @IsObject(rule('R-NEW-4')) @ValidateNested() @Type(() => ReExportDto) reExport?: ReExportDto;
  @ApiPropertyOptional({ type: ExemptionDto }) @IsOptional() @IsObject(rule('R-EXEMPT-1')) @ValidateNested() @Type(() => ExemptionDto) exemption?: ExemptionDto;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-IRNK-3')) assuranceNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-AMEND-1')) originalCaseNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-CORR-1')) licenceNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-MISM-1')) declarationNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-MISM-1')) coProcessingCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-CORR-1')) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsString(rule('R-BAL-1')) cancelledLicenceNo?: string;
  @ApiProperty({ type: [GoodsItemDto] })
  @IsOptional()
  @IsArray(rule('R-ITEM-1'))
  @ValidateNested({ each: true })
  @Type(() => GoodsItemDto)
  items?: GoodsItemDto[];
}
