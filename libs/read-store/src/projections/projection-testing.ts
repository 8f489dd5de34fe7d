import type { RecordedEvent } from '@shtc/event-store';
import type { Document } from '../read-store.port';
import type { Projection, ProjectionContext } from './projection';

/**
 * Folds events through a projection in memory, for projection specs: returns every
 * collection's documents by id. Applying the same events again must change nothing.
 */
export async function projectInMemory(
  projection: Projection,
  events: RecordedEvent[],
  documents: Map<string, Map<string, Document>> = new Map(),
): Promise<Map<string, Map<string, Document>>> {
  const collection = (name: string) => {
    let docs = documents.get(name);
    if (!docs) documents.set(name, (docs = new Map()));
    return docs;
  };
  const context: ProjectionContext = {
    get: async <T extends Document>(name: string, id: string) =>
      (structuredClone(collection(name).get(id)) ?? null) as T | null,
    put: (name, doc) => void collection(name).set(doc.id, structuredClone(doc)),
    delete: (name, id) => void collection(name).delete(id),
    putIfAbsent: async (name, doc) => {
      if (!collection(name).has(doc.id)) collection(name).set(doc.id, structuredClone(doc));
    },
  };
  for (const event of events) await projection.handlers[event.type]?.(event, context);
  return documents;
}
