import { BadRequestException, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@shtc/read-store';
import { Roles } from '../../auth/access.decorators';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { noSuchStream } from '../audit-refusals';
import { auditedEvent, codecOfStream, type AuditedEvent } from './audited-event';

export class StreamEventsQuery {
  @ApiPropertyOptional({ description: 'the revision to continue after: the nextCursor of the page before' })
  @IsOptional() @Matches(/^\d{1,9}$/, { message: 'cursor must be a revision (digits): the nextCursor of the page before' }) cursor?: string;
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
}

/**
 * Every event of one stream, in revision order, with its whole envelope (R-ACC-5: auditors read
 * everything). Read from the event store itself, not a projection: the audit shows what is
 * stored, so `?after=` waits for nothing. Paged by revision (api.md's `cursor` and `limit`:
 * `after` is every GET's read-your-writes position).
 */
@ApiTags('Auditor')
@ApiBearerAuth()
@Controller('audit/streams')
@Roles('AUDITOR', 'ADMIN')
export class StreamEventsController {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  @Get(':stream/events')
  @ReadsProjections()
  @ApiOkResponse({ description: '{ stream, category, items: [{ stream, revision, position, type, schemaVersion, data, metadata, redacted, decoded }], nextCursor }' })
  @ApiBadRequestResponse({ description: 'not a case-…, licence-…, assurance-… or account-… stream; a bad cursor or limit' })
  @ApiNotFoundResponse({ description: 'no such stream' })
  async list(@Param('stream') stream: string, @Query() query: StreamEventsQuery): Promise<{ stream: string; category: string; items: AuditedEvent[]; nextCursor: string | null }> {
    const codec = codecOfStream(stream);
    if (!codec) {
      const message = 'must name a case-…, licence-…, assurance-… or account-… stream, such as case-SHTC-2026-000001';
      throw new BadRequestException({ message: `stream ${message}`, errors: [{ field: 'stream', message }] });
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const from = query.cursor === undefined ? 0 : Number(query.cursor) + 1;
    // One more than the page: whether there is a next page, without counting the stream.
    const read = await this.events.readStream(stream, { fromRevision: from, toRevision: from + limit });
    if (read.length === 0 && !(from > 0 && (await this.exists(stream)))) {
      throw noSuchStream(stream);
    }
    const page = read.slice(0, limit);
    return {
      stream,
      category: codec.category,
      items: page.map((recorded) => auditedEvent(codec, recorded)),
      nextCursor: read.length > limit ? String(page[page.length - 1].revision) : null,
    };
  }

  private async exists(stream: string): Promise<boolean> {
    return (await this.events.readStream(stream, { fromRevision: 0, toRevision: 0 })).length > 0;
  }
}
