import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { RefusalError, comparisonOf, refuse, releaseOf, type Comparison } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { LICENCE_DECLARATIONS, LICENCE_REGISTER_PROJECTION, type DeclarationDocument } from '@shtc/projections';
import { READ_STORE, type Filter, type ReadStore } from '@shtc/read-store';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { LicenceRegister, OnLicence } from '../licences';

const rule = (id: string) => ({ context: { rule: id } });

export class DeclarationItemDto {
  @ApiProperty({ example: 1 }) @IsOptional() @IsInt({ message: 'itemNo must be a whole number', ...rule('R-CUS-1') }) itemNo?: number;
  @ApiProperty({ example: '85414100001' }) @IsOptional() @IsString(rule('R-CUS-1')) cccCode?: string;
  @ApiProperty({ example: '100.5', description: 'decimal string' }) @IsOptional() @IsString(rule('R-CUS-1')) quantity?: string;
  @ApiProperty({ example: 'PCE' }) @IsOptional() @IsString(rule('R-CUS-1')) unit?: string;
  @ApiProperty({ example: '12000.00', description: 'decimal string' }) @IsOptional() @IsString(rule('R-CUS-1')) amount?: string;
  @ApiProperty({ example: 'USD' }) @IsOptional() @IsString(rule('R-CUS-1')) currency?: string;
}

/** Customs' export declaration quoting a licence (R-CUS-1); which fields it must have is the domain's check. */
export class DeclarationDto {
  @ApiProperty({ example: 'AA/15/123/45678' }) @IsOptional() @IsString(rule('R-CUS-1')) declarationNo?: string;
  @ApiProperty({ example: 'LIC-2026-000001' }) @IsOptional() @IsString(rule('R-CUS-1')) licenceNo?: string;
  @ApiProperty({ example: '22099131' }) @IsOptional() @IsString(rule('R-CUS-1')) exporterId?: string;
  @ApiProperty({ example: 'DE' }) @IsOptional() @IsString(rule('R-CUS-1')) destination?: string;
  @ApiProperty({ example: 'Rhein Optics GmbH' }) @IsOptional() @IsString(rule('R-CUS-1')) consigneeName?: string;
  @ApiProperty({ type: [DeclarationItemDto] })
  @IsOptional() @IsArray(rule('R-CUS-1')) @ValidateNested({ each: true }) @Type(() => DeclarationItemDto) items?: DeclarationItemDto[];
}

export class ReleaseItemDto {
  @ApiProperty({ example: 1 }) @IsOptional() @IsInt({ message: 'itemNo must be a whole number', ...rule('R-CUS-2') }) itemNo?: number;
  @ApiProperty({ example: '40', description: 'decimal string' }) @IsOptional() @IsString(rule('R-CUS-2')) quantity?: string;
}

/** Customs released goods of a declaration: a shipment against the licence (R-CUS-2). */
export class ReleaseDto {
  @ApiProperty({ example: 'AA/15/123/45678' }) @IsOptional() @IsString(rule('R-CUS-2')) declarationNo?: string;
  @ApiProperty({ example: 'LIC-2026-000001' }) @IsOptional() @IsString(rule('R-CUS-2')) licenceNo?: string;
  @ApiProperty({ example: '2027-01-05T10:00:00+08:00', description: 'ISO 8601 instant with its offset' })
  @IsOptional() @IsString(rule('R-CUS-2')) releasedAt?: string;
  @ApiProperty({ type: [ReleaseItemDto] })
  @IsOptional() @IsArray(rule('R-CUS-2')) @ValidateNested({ each: true }) @Type(() => ReleaseItemDto) items?: ReleaseItemDto[];
}

/**
 * Customs, a machine that retries (R-CUS-1, R-CUS-2, issue 9 item 2): each declaration and release
 * goes through the licence decider on the licence's stream. The same declaration or release sent
 * again records nothing and answers what was recorded first; other content under its number 409.
 */
@ApiTags('Customs')
@ApiBearerAuth()
@Controller('customs')
@Roles('CUSTOMS')
export class CustomsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly register: LicenceRegister,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('declarations')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ declarationNo, licenceNo, result: MATCH|MISMATCH, differences: [{ itemNo, field, licence, declaration }], coProcessingCode, comparedAt, position }' })
  async compare(@Body() dto: DeclarationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const licenceNo = requiredLicenceNo(dto.licenceNo, 'R-CUS-1');
    const context = commandContext(account, this.clock, request);
    const executed = await this.commands.execute(
      new OnLicence(licenceNo, account, context, 'CUSTOMS', () => ({
        type: 'CompareDeclaration',
        declarationNo: dto.declarationNo as string,
        exporterId: dto.exporterId as string,
        destination: dto.destination as string,
        consigneeName: dto.consigneeName as string,
        items: (dto.items ?? []) as never,
        by: context.actor,
        at: context.now.toISOString(),
      })),
    );
    // Recorded now, or recorded first by the request this one retries.
    const comparison = comparisonOf(executed.state, String(dto.declarationNo).trim())!;
    return { ...comparisonAnswer(licenceNo, comparison), position: executed.position.toString() };
  }

  @Get('declarations/:declarationNo')
  @ReadsProjections(LICENCE_REGISTER_PROJECTION)
  @ApiOkResponse({ description: 'the last comparison of the declaration: { declarationNo, licenceNo, result, differences, coProcessingCode, comparedAt, declaration }' })
  async lastComparison(@Param('declarationNo') declarationNo: string) {
    const found = await lastComparisonOf(this.store, await this.register.collection(LICENCE_DECLARATIONS), { declarationNo });
    if (!found) throw new RefusalError(refuse('R-CUS-1', `No declaration ${declarationNo} was compared`, 'NOT_FOUND'));
    return comparisonAnswer(found.licenceNo, found.comparison);
  }

  @Post('releases')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ licenceNo, declarationNo, releasedAt, status, items: [{ itemNo, quantity, balance }], position }; 422 over the balance, expired, cancelled or exhausted (R-LIC-4), a second shipment of a single-shipment licence (R-LIC-3)' })
  async release(@Body() dto: ReleaseDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const licenceNo = requiredLicenceNo(dto.licenceNo, 'R-CUS-2');
    const context = commandContext(account, this.clock, request);
    const executed = await this.commands.execute(
      new OnLicence(licenceNo, account, context, 'CUSTOMS', () => ({
        type: 'RecordRelease',
        declarationNo: dto.declarationNo as string,
        releasedAt: dto.releasedAt as string,
        items: (dto.items ?? []) as never,
        by: context.actor,
        at: context.now.toISOString(),
      })),
    );
    const released = releaseOf(executed.state, String(dto.declarationNo).trim())!;
    return {
      licenceNo,
      declarationNo: released.declarationNo,
      releasedAt: released.releasedAt,
      status: executed.state.status,
      items: released.items.map(({ itemNo, quantity, balance }) => ({ itemNo, quantity, balance })),
      position: executed.position.toString(),
    };
  }
}

function requiredLicenceNo(value: unknown, ruleId: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new RefusalError(refuse(ruleId, 'The licence number is required', 'INVALID', 'licenceNo'));
  return value.trim();
}

/** The newest comparison of a declaration number among the documents the filter lets through. */
export async function lastComparisonOf(store: ReadStore, collection: string, filter: Filter): Promise<DeclarationDocument | null> {
  const page = await store.find<DeclarationDocument>(collection, filter, { sort: [['comparedAt', 'desc'], ['id', 'desc']], limit: 1 });
  return page.items[0] ?? null;
}

/** A comparison as customs and the holder read it; `correctionCaseNo` names the mismatch correction that compared it again (R-MISM-1). */
export function comparisonAnswer(licenceNo: string, comparison: Comparison) {
  const { declarationNo, result, differences, coProcessingCode, correctionCaseNo, comparedAt, declaration } = comparison;
  return { declarationNo, licenceNo, result, differences, coProcessingCode, correctionCaseNo, comparedAt, declaration };
}
