import { BadRequestException, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { GROUPINGS, MAX_RANGE_YEARS, STATISTICS_PROJECTION, parseStatisticsQuery, type StatisticsAnswer, type StatisticsQuery } from '@shtc/projections';
import { SHEET_MEDIA_TYPES } from '@shtc/sheets';
import { toCsv } from '../audit/case-timeline/csv';
import { Roles } from '../auth/access.decorators';
import { ReadsProjections } from '../http/read-your-writes.interceptor';
import { StatisticsReader } from './statistics-reader';
import { statisticsCsvRows, statisticsWorkbook } from './statistics-sheet';

export class StatisticsQueryDto {
  @ApiPropertyOptional({ example: '2027-01-01', description: 'first day (Taipei), required' })
  @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional({ example: '2027-12-31', description: `last day (Taipei), included, required; at most ${MAX_RANGE_YEARS} years after from` })
  @IsOptional() @IsString() to?: string;
  @ApiPropertyOptional({ enum: GROUPINGS, default: 'month', description: 'how the range is broken down' })
  @IsOptional() @IsString() by?: string;
}

const FIGURES_DESCRIPTION =
  '{ from, to, by, position, total: Figures, groups: [{ key, ...Figures }] } where Figures is { cases: { filed, submitted, decided, approved, rejected, ' +
  'closedForAmendment, cancelled }, processingTime: { decided, medianWorkingDays, p90WorkingDays, within7WorkingDays, within30WorkingDays, ' +
  'shareWithin7WorkingDays, shareWithin30WorkingDays }, supplements: { requested, answered, answerMedianWorkingDays, answerP90WorkingDays }, ' +
  'consultations: { referred, completed, medianWorkingDays, p90WorkingDays }, returnsFromSecondReview, licences: { issued, cancelled, expiredUnused, ' +
  'balancesReissued, values: [{ currency, licensed, shipped }] }, reasons: { rejected: [{ reason, count }], closedForAmendment: [{ reason, count }] } }';

/**
 * Licensing statistics (issue 14) for management and the public, computed from the statistics
 * projection at the position the answer names; `npm run cli -- statistics` recomputes the same
 * figures from the events alone. Reviewers, auditors and administrators read them.
 */
@ApiTags('Statistics')
@ApiBearerAuth()
@Controller()
@Roles('REVIEWER', 'AUDITOR', 'ADMIN')
export class StatisticsController {
  constructor(private readonly reader: StatisticsReader) {}

  @Get('statistics')
  @ReadsProjections(STATISTICS_PROJECTION)
  @ApiOkResponse({ description: FIGURES_DESCRIPTION })
  figures(@Query() query: StatisticsQueryDto): Promise<StatisticsAnswer> {
    return this.reader.figures(checked(query));
  }

  @Get('statistics.csv')
  @ReadsProjections(STATISTICS_PROJECTION)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'the figures as UTF-8 CSV with a byte order mark: one row per group and a total row, a blank line, then the reasons; each row starts with the position' })
  async csv(@Query() query: StatisticsQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.reader.figures(checked(query));
    await download(reply, answer, 'text/csv; charset=utf-8', 'csv').send(toCsv(statisticsCsvRows(answer)));
  }

  @Get('statistics.xlsx')
  @ReadsProjections(STATISTICS_PROJECTION)
  @ApiProduces(SHEET_MEDIA_TYPES.xlsx)
  @ApiOkResponse({ description: 'the figures as a workbook: 統計 Figures, 理由 Reasons, 說明 About (range, breakdown, position)' })
  async xlsx(@Query() query: StatisticsQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.reader.figures(checked(query));
    const bytes = statisticsWorkbook(answer);
    await download(reply, answer, SHEET_MEDIA_TYPES.xlsx, 'xlsx').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

/** 400 naming each faulty field (problem+json), as a DTO's own checks answer. */
function checked(input: StatisticsQueryDto): StatisticsQuery {
  const parsed = parseStatisticsQuery(input);
  if (parsed.ok) return parsed.query;
  throw new BadRequestException({ message: parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors: parsed.errors });
}

function download(reply: FastifyReply, answer: StatisticsAnswer, type: string, extension: string): FastifyReply {
  // The file name is made of checked dates and a grouping: nothing of the caller's text reaches the header.
  return reply
    .header('Content-Type', type)
    .header('Content-Disposition', `attachment; filename="statistics-${answer.from}-${answer.to}-${answer.by}.${extension}"`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('X-Position', answer.position)
    .header('Cache-Control', 'no-store');
}
