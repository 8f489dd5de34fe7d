import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AUDIT_TRAIL_PROJECTION } from '@shtc/projections';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@shtc/read-store';
import { Roles } from '../../auth/access.decorators';
import { sendPdf } from '../../http/pdf-reply';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { CaseTimelines } from './case-timelines';
import { TimelineExports, asciiOnly } from './timeline-exports';

export class TimelineQuery {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() cursor?: string;
}

/**
 * A case's history in one line per step (issue 11 item 2): the case, the case it amends, the
 * licence it produced, and every case correcting, mismatch-correcting or reissuing that licence,
 * merged in the order the log recorded them, each step in English and Traditional Chinese.
 */
@ApiTags('Auditor')
@ApiBearerAuth()
@Controller('audit/cases')
@Roles('AUDITOR', 'ADMIN')
export class CaseTimelineController {
  constructor(
    private readonly timelines: CaseTimelines,
    private readonly exports: TimelineExports,
  ) {}

  @Get(':caseNo/timeline')
  @ReadsProjections(AUDIT_TRAIL_PROJECTION)
  @ApiOkResponse({
    description:
      '{ caseNo, root, streams: [{ stream, parent, relation }], complete, items: [{ position, occurredAt, stream, revision, type, category, streamId, actor, status, statusZh, description: { en, zh } }], nextCursor }',
  })
  @ApiNotFoundResponse({ description: 'no such case' })
  async timeline(@Param('caseNo') caseNo: string, @Query() query: TimelineQuery) {
    const family = await this.timelines.family(caseNo);
    const page = await this.timelines.page(family, query);
    return {
      caseNo,
      root: family.root,
      streams: family.streams.map(({ id, parent, relation }) => ({ stream: id, parent, relation })),
      complete: family.complete,
      items: page.items,
      nextCursor: page.nextCursor,
    };
  }

  @Get(':caseNo/timeline.csv')
  @ReadsProjections(AUDIT_TRAIL_PROJECTION)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'the whole timeline as UTF-8 CSV with a byte order mark (Excel shows the Chinese), one row per step' })
  @ApiNotFoundResponse({ description: 'no such case' })
  async csv(@Param('caseNo') caseNo: string, @Res() reply: FastifyReply): Promise<void> {
    const csv = await this.exports.csv(caseNo);
    await reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="timeline-${asciiOnly(caseNo)}.csv"`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(csv);
  }

  /** The timeline as a PDF an auditor files (issue 11 item 5): TimelineExports.pdf. */
  @Get(':caseNo/timeline.pdf')
  @ReadsProjections(AUDIT_TRAIL_PROJECTION)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: '案件歷程 / Case timeline: the streams included, when it was printed and at which log position, then every step (Taipei time, actor, English and Chinese description, stream, revision, event type); 503 without Chromium' })
  @ApiNotFoundResponse({ description: 'no such case' })
  async pdf(@Param('caseNo') caseNo: string, @Res() reply: FastifyReply): Promise<void> {
    await sendPdf(reply, await this.exports.pdf(caseNo), `timeline-${caseNo}.pdf`);
  }
}
