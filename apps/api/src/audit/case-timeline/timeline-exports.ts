import { Inject, Injectable } from '@nestjs/common';
import { DocumentRenderer, caseTimelineModel, type PrintedDocument, type TimelineStep } from '@shtc/documents';
import { caseCodec } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { AUDIT_TRAIL_PROJECTION, auditTrailProjection, whoOf, type CaseFamily } from '@shtc/projections';
import { noSuchCase } from '../audit-refusals';
import { CaseTimelines, type TimelineEntry } from './case-timelines';
import { toCsv } from './csv';

const CSV_HEADER = ['position', 'occurredAt', 'stream', 'revision', 'type', 'actorRole', 'actorBusinessId', 'status', 'statusZh', 'descriptionEn', 'descriptionZh'];

/**
 * A case's timeline as documents an auditor files (issue 11 items 2 and 5): CSV and PDF, for the
 * API's routes and the console's links alike.
 */
@Injectable()
export class TimelineExports {
  constructor(
    private readonly timelines: CaseTimelines,
    private readonly documents: DocumentRenderer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The whole timeline as UTF-8 CSV with a byte order mark (Excel shows the Chinese), one row per step. */
  async csv(caseNo: string): Promise<string> {
    const family = await this.timelines.family(caseNo);
    const rows: Array<Array<string | number | null>> = [CSV_HEADER];
    for await (const entry of this.timelines.all(family)) rows.push(rowOf(entry));
    return toCsv(rows);
  }

  /**
   * The timeline as a PDF. It is printed up to the family's newest event, and cached under that
   * position: the same bytes until the family records another event (the time printed on it is
   * its first print's).
   */
  async pdf(caseNo: string): Promise<PrintedDocument> {
    const family = await this.timelines.family(caseNo);
    const position = await this.timelines.lastPosition(family);
    if (position === null) throw noSuchCase(caseNo);
    // The position is the revision of the whole family; the trail's version, because its descriptions are written by it.
    const source = { stream: caseCodec.streamOf(caseNo), revision: Number(position), variant: `${AUDIT_TRAIL_PROJECTION}@${auditTrailProjection.version}` };
    return this.documents.print('case-timeline', source, async () =>
      caseTimelineModel({
        caseNo,
        streams: family.streams.map(({ id, parent, relation }) => ({ stream: id, parent, relation })),
        complete: family.complete,
        steps: await this.stepsUpTo(family, BigInt(position)),
        position,
        printedAt: this.clock.now(),
      }),
    );
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
export function asciiOnly(caseNo: string): string {
  return caseNo.replace(/[^A-Za-z0-9-]/g, '_');
}
