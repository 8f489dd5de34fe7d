import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Roles } from '../../auth/access.decorators';
import { IntegrityCheck } from './integrity-check';

export class IntegrityQuery {
  @ApiPropertyOptional({ example: 'case-SHTC-2026-000001', description: 'one stream; every stream when omitted' })
  @IsOptional() @IsString() @MaxLength(200) stream?: string;
}

/**
 * GET /audit/integrity (issue 11 item 4): the hash chain of every stream, or one, and each
 * stream's end against its recorded head, checked by the same code as `npm run cli --
 * verify-integrity`. It reads the event store itself, never a projection, so it does not wait
 * for the projections (no ?after=).
 */
@ApiTags('Auditor')
@ApiBearerAuth()
@Controller('audit/integrity')
export class IntegrityController {
  constructor(private readonly integrity: IntegrityCheck) {}

  @Get()
  @Roles('AUDITOR', 'ADMIN')
  @ApiOkResponse({
    description:
      '{ valid, streams, events, broken: [{ stream, revision, reason, message, position }], position, checkedAt }: every broken stream once, at its first broken revision; position is the log head the check read to',
  })
  @ApiForbiddenResponse({ description: 'not an auditor or admin (R-ACC-5)' })
  @ApiNotFoundResponse({ description: '?stream= names a stream with no events and no recorded head' })
  check(@Query() query: IntegrityQuery) {
    return this.integrity.check(query.stream);
  }
}
