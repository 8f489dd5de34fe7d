import { caseCodec } from '@shtc/domain';
import { MAX_PAGE_SIZE, type FindOptions, type Page, type ReadStore } from '@shtc/read-store';
import type { TrailEntryDocument, TrailStreamDocument } from './audit-trail.projection';

/**
 * The most streams one family gathers. A family grows by a case or a licence per amendment,
 * correction or reissue: a few in practice. The bound keeps one query's memory bounded whatever
 * the data; a family that reached it says so (`complete: false`).
 */
export const MAX_FAMILY_STREAMS = 200;

export interface CaseFamily {
  /** The stream every other descends from: the first case of the line. */
  root: string;
  /** Every stream of the family, root first, then generation by generation. */
  streams: TrailStreamDocument[];
  complete: boolean;
}

/**
 * A case's family, read from the `audit-trail` projection's stream links: up from the case to
 * the root (the case it amends, the licence it corrects or reissues, that licence's case …), then
 * every descendant of the root. One indexed read per stream; `collection` is the physical name
 * the projection catalog gives for TRAIL_STREAMS. Null when the trail does not know the case.
 */
export async function caseFamily(store: ReadStore, collection: string, caseNo: string): Promise<CaseFamily | null> {
  const own = await store.get<TrailStreamDocument>(collection, caseCodec.streamOf(caseNo));
  if (!own) return null;
  let root = own;
  const climbed = new Set([own.id]);
  while (root.parent && !climbed.has(root.parent) && climbed.size < MAX_FAMILY_STREAMS) {
    const parent = await store.get<TrailStreamDocument>(collection, root.parent);
    if (!parent) break; // a parent the trail never saw (a stream written before it existed): the line starts here
    climbed.add(parent.id);
    root = parent;
  }
  const streams = [root];
  const seen = new Set([root.id]);
  let complete = true;
  for (let i = 0; i < streams.length && complete; i++) {
    for await (const child of allOf<TrailStreamDocument>(store, collection, { parent: streams[i].id })) {
      if (seen.has(child.id)) continue;
      if (streams.length >= MAX_FAMILY_STREAMS) {
        complete = false;
        break;
      }
      seen.add(child.id);
      streams.push(child);
    }
  }
  return { root: root.id, streams, complete };
}

/** One page of the family's entries in the log's order (positions are the ids). */
export function familyEntries(store: ReadStore, collection: string, streams: string[], page: Pick<FindOptions, 'limit' | 'cursor'>): Promise<Page<TrailEntryDocument>> {
  return store.find<TrailEntryDocument>(collection, { stream: { $in: streams } }, { sort: [['id', 'asc']], ...page });
}

/** The family's newest entry (the highest position), or null when none of its streams has one. */
export async function latestFamilyEntry(store: ReadStore, collection: string, streams: string[]): Promise<TrailEntryDocument | null> {
  const { items } = await store.find<TrailEntryDocument>(collection, { stream: { $in: streams } }, { sort: [['id', 'desc']], limit: 1 });
  return items[0] ?? null;
}

async function* allOf<T extends TrailStreamDocument>(store: ReadStore, collection: string, filter: { parent: string }): AsyncIterable<T> {
  let cursor: string | null = null;
  do {
    const page: Page<T> = await store.find<T>(collection, filter, { sort: [['parent', 'asc'], ['id', 'asc']], limit: MAX_PAGE_SIZE, cursor });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
