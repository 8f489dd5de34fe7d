import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL_PROJECTION, TRAIL_ENTRIES, TRAIL_STREAMS, caseFamily, familyEntries, latestFamilyEntry, type CaseFamily, type Description, type TrailEntryDocument } from '@shtc/projections';
import { MAX_PAGE_SIZE, ProjectionCatalog, READ_STORE, type Page, type ReadStore } from '@shtc/read-store';
import type { Actor } from '@shtc/domain';
import { noSuchCase } from '../audit-refusals';

/** One step of a case's history as the timeline shows it. */
export interface TimelineEntry {
  /** Global position in the event log (a decimal string): the timeline's order. */
  position: string;
  occurredAt: string;
  stream: string;
  revision: number;
  type: string;
  /** `case` or `licence`, and its case number or licence number. */
  category: string;
  streamId: string;
  actor: Actor;
  /** The stream's status after the step, when the step changed it. */
  status: string | null;
  statusZh: string | null;
  description: Description;
}

/** A case's family and its timeline, from the `audit-trail` projection. */
@Injectable()
export class CaseTimelines {
  constructor(
    private readonly catalog: ProjectionCatalog,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  /** The case and every stream related to it; 404 when the trail does not know the case. */
  async family(caseNo: string): Promise<CaseFamily> {
    const family = await caseFamily(this.store, await this.catalog.collection(AUDIT_TRAIL_PROJECTION, TRAIL_STREAMS), caseNo);
    if (!family) throw noSuchCase(caseNo);
    return family;
  }

  async page(family: CaseFamily, page: { limit?: number; cursor?: string | null }): Promise<Page<TimelineEntry>> {
    const found = await familyEntries(this.store, await this.entries(), family.streams.map((stream) => stream.id), page);
    return { items: found.items.map(entryOf), nextCursor: found.nextCursor };
  }

  /** The log position of the family's newest event (a decimal string): what the timeline shows up to. */
  async lastPosition(family: CaseFamily): Promise<string | null> {
    const latest = await latestFamilyEntry(this.store, await this.entries(), family.streams.map((stream) => stream.id));
    return latest ? BigInt(latest.position).toString() : null;
  }

  /** Every entry of the family, page by page (an export). */
  async *all(family: CaseFamily): AsyncIterable<TimelineEntry> {
    let cursor: string | null = null;
    do {
      const found: Page<TimelineEntry> = await this.page(family, { limit: MAX_PAGE_SIZE, cursor });
      yield* found.items;
      cursor = found.nextCursor;
    } while (cursor);
  }

  private entries(): Promise<string> {
    return this.catalog.collection(AUDIT_TRAIL_PROJECTION, TRAIL_ENTRIES);
  }
}

function entryOf(document: TrailEntryDocument): TimelineEntry {
  const { position, occurredAt, stream, revision, type, category, streamId, actor, status, statusZh, description } = document;
  return { position: BigInt(position).toString(), occurredAt, stream, revision, type, category, streamId, actor, status, statusZh, description };
}
