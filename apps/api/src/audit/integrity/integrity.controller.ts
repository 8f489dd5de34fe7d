import { Controller, Get, Inject, NotFoundException, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { EVENT_STORE, verifyIntegrity, type EventStore } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import { Roles } from '../../auth/access.decorators';

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
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('AUDITOR', 'ADMIN')
  @ApiOkResponse({
    description:
      '{ valid, streams, events, broken: [{ stream, revision, reason, message, position }], position, checkedAt }: every broken stream once, at its first broken revision; position is the log head the check read to',
  })
  @ApiForbiddenResponse({ description: 'not an auditor or admin (R-ACC-5)' })
  @ApiNotFoundResponse({ description: '?stream= names a stream with no events and no recorded head' })
  async check(@Query() query: IntegrityQuery) {
    const checkedAt = this.clock.now().toISOString();
    const report = await verifyIntegrity(this.events, { stream: query.stream });
    if (query.stream !== undefined && report.streams === 0) {
      throw new NotFoundException(`No stream ${query.stream}: it has no events and no recorded head`);
    }
    return {
      valid: report.valid,
      streams: report.streams,
      events: report.events,
      broken: report.broken.map(({ position, ...broken }) => ({ ...broken, position: position?.toString() ?? null })),
      position: report.position.toString(),
      checkedAt,
    };
  }
}
