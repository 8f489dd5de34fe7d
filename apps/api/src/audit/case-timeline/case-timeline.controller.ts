import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { DocumentRenderer, caseTimelineModel, type TimelineStep } from '@shtc/documents';
import { caseCodec } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { AUDIT_TRAIL_PROJECTION, auditTrailProjection, whoOf, type CaseFamily } from '@shtc/projections';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@shtc/read-store';
import { Roles } from '../../auth/access.decorators';
import { sendPdf } from '../../http/pdf-reply';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { noSuchCase } from '../audit-refusals';
import { CaseTimelines, type TimelineEntry } from './case-timelines';
import { toCsv } from './csv';

export class TimelineQuery {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() cursor?: string;
}

const CSV_HEADER = ['position', 'occurredAt', 'stream', 'revision', 'type', 'actorRole', 'actorBusinessId', 'status', 'statusZh', 'descriptionEn', 'descriptionZh'];

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
    private readonly documents: DocumentRenderer,
    @Inject(CLOCK) private readonly clock: Clock,
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
    const family = await this.timelines.family(caseNo);
    const rows: Array<Array<string | number | null>> = [CSV_HEADER];
    for await (const entry of this.timelines.all(family)) rows.push(rowOf(entry));
    await reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="timeline-${asciiOnly(caseNo)}.csv"`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(toCsv(rows));
  }

  /**
   * The timeline as a PDF an auditor files (issue 11 item 5). It is printed up to the family's
   * newest event, and cached under that position: the same bytes until the family records
   * another event (the time printed on it is its first print's).
   */
  @Get(':caseNo/timeline.pdf')
  @ReadsProjections(AUDIT_TRAIL_PROJECTION)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: '案件歷程 / Case timeline: the streams included, when it was printed and at which log position, then every step (Taipei time, actor, English and Chinese description, stream, revision, event type); 503 without Chromium' })
  @ApiNotFoundResponse({ description: 'no such case' })
  async pdf(@Param('caseNo') caseNo: string, @Res() reply: FastifyReply): Promise<void> {
    const family = await this.timelines.family(caseNo);
    const position = await this.timelines.lastPosition(family);
    if (position === null) throw noSuchCase(caseNo);
    // The position is the revision of the whole family; the trail's version, because its descriptions are written by it.
    const source = { stream: caseCodec.streamOf(caseNo), revision: Number(position), variant: `${AUDIT_TRAIL_PROJECTION}@${auditTrailProjection.version}` };
    const document = await this.documents.print('case-timeline', source, async () =>
      caseTimelineModel({
        caseNo,
        streams: family.streams.map(({ id, parent, relation }) => ({ stream: id, parent, relation })),
        complete: family.complete,
        steps: await this.stepsUpTo(family, BigInt(position)),
        position,
        printedAt: this.clock.now(),
      }),
    );
    await sendPdf(reply, document, `timeline-${caseNo}.pdf`);
  }

  /** The family's steps up to `position`: one the trail recorded since is for the next printout, not this one. */
  private async stepsUpTo(family: CaseFamily, position: bigint): Promise<TimelineStep[]> {
    const steps: TimelineStep[] = [];
    for await (const entry of this.timelines.all(family)) {
      if (BigInt(entry.position) > position) break;
      steps.push({ ...entry, actor: whoOf(entry.actor) });
    }
    return steps;
  }
}

function rowOf(entry: TimelineEntry): Array<string | number | null> {
  return [entry.position, entry.occurredAt, entry.stream, entry.revision, entry.type, entry.actor.role, entry.actor.businessId, entry.status, entry.statusZh, entry.description.en, entry.description.zh];
}

/** A case number as a file name: it is the caller's text, so nothing but letters, digits and hyphens reach the header. */
function asciiOnly(caseNo: string): string {
  return caseNo.replace(/[^A-Za-z0-9-]/g, '_');
}
