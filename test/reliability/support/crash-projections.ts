/**
 * A digest of every collection of every projection, as queries read them now: each projection's
 * current generation from its state document (projection_state), its collections by their
 * physical names, each document as canonical JSON in id order. Bookkeeping (states, checkpoints)
 * is left out: it differs between a store that followed the log and one rebuilt from it.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { canonicalJson } from '@shtc/event-store';
import { AppConfig, systemClock } from '@shtc/platform';
import { PROJECTION_STATE, SqliteReadStore, physicalCollection, type Document, type ProjectionState } from '@shtc/read-store';
import { buildProjections } from '@shtc/storage';

export interface CollectionDigest {
  /** `projection/collection` */
  name: string;
  documents: number;
  sha256: string;
  /** Each document's own digest by id, to name the ones that differ. */
  byId: Map<string, string>;
}

/** The projections this deployment keeps: their names and collections are all that is used here. */
function projections() {
  return buildProjections({ config: Object.create(AppConfig.prototype) as AppConfig, clock: systemClock, secret: Buffer.alloc(32) });
}

export async function digestProjections(dataDir: string): Promise<CollectionDigest[]> {
  const store = new SqliteReadStore(join(dataDir, 'read.sqlite'));
  try {
    const digests: CollectionDigest[] = [];
    const seen = new Set<string>();
    for (const projection of projections()) {
      const state = await store.get<ProjectionState>(PROJECTION_STATE, projection.name);
      if (!state) throw new Error(`projection ${projection.name} has no state: never built`);
      for (const collection of projection.collections) {
        const physical = physicalCollection(collection.name, state.generation, collection.shared);
        if (seen.has(physical)) continue; // the outbox, which two projections feed
        seen.add(physical);
        const byId = new Map<string, string>();
        const all = createHash('sha256');
        for (let cursor: string | null = null; ; ) {
          const page: { items: Document[]; nextCursor: string | null } = await store.find<Document>(physical, {}, { sort: [['id', 'asc']], limit: 500, cursor });
          for (const doc of page.items) {
            const text = canonicalJson(doc);
            byId.set(doc.id, createHash('sha256').update(text).digest('hex'));
            all.update(text).update('\n');
          }
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        digests.push({ name: `${projection.name}/${collection.name}`, documents: byId.size, sha256: all.digest('hex'), byId });
      }
    }
    return digests;
  } finally {
    await store.close();
  }
}

/** Per collection: what differs between the live read models and the rebuilt ones. */
export function compareDigests(live: CollectionDigest[], rebuilt: CollectionDigest[]): string[] {
  const problems: string[] = [];
  const rebuiltByName = new Map(rebuilt.map((d) => [d.name, d]));
  for (const mine of live) {
    const theirs = rebuiltByName.get(mine.name);
    if (!theirs) {
      problems.push(`${mine.name}: missing from the rebuild`);
      continue;
    }
    if (mine.sha256 === theirs.sha256) continue;
    const ids = new Set([...mine.byId.keys(), ...theirs.byId.keys()]);
    const differing = [...ids].filter((id) => mine.byId.get(id) !== theirs.byId.get(id));
    problems.push(
      `${mine.name}: ${mine.documents} documents live, ${theirs.documents} rebuilt; ${differing.length} differ: ${differing
        .slice(0, 5)
        .map((id) => `${id} (${mine.byId.has(id) ? 'live' : '-'}/${theirs.byId.has(id) ? 'rebuilt' : '-'})`)
        .join(', ')}`,
    );
  }
  return problems;
}
