import type { DomainEvent, EventCodec } from '@shtc/domain';
import type { RecordedEvent } from '@shtc/event-store';
import type { Document } from '../read-store.port';
import type { Projection, ProjectionCollection, ProjectionHandler } from './projection';

/** What a single-stream projection's fold sees of an event besides its data. */
export interface EventEnvelope {
  stream: string;
  /** The id in the stream's name: the case number of `case-<caseNo>`. */
  streamId: string;
  revision: number;
  occurredAt: string;
}

/** A document folded from one stream, with the revision of the last event folded into it. */
export type StreamDocument<D> = D & { id: string; revision: number };

export interface SingleStreamProjectionSpec<E extends DomainEvent, D extends Document> {
  name: string;
  version: number;
  /** The collection of the documents, one per stream. */
  collection: ProjectionCollection;
  /** The streams folded (the codec's category), decoded and upcast through it. */
  codec: EventCodec<E>;
  /**
   * A pure fold: the document after the event, or null for a stream that has none (yet). The
   * helper owns the rest: loading, skipping replayed events, and saving with the revision.
   */
  evolve(document: D | null, event: E, envelope: EventEnvelope): D | null;
}

/**
 * A projection keeping one document per stream (emmett's single-stream projection). Revision
 * checks live here once: an event at or below the revision a document has folded is a replay
 * (after a crash or a rebuild) and changes nothing, so replays are idempotent.
 */
export function singleStreamProjection<E extends DomainEvent, D extends Document>(spec: SingleStreamProjectionSpec<E, D>): Projection {
  const { codec, collection } = spec;
  const handler: ProjectionHandler = async (recorded: RecordedEvent, context) => {
    if (!codec.owns(recorded.stream)) return;
    const event = codec.decode(recorded);
    if (!event) return;
    const streamId = codec.idOf(recorded.stream);
    const current = await context.get<StreamDocument<D>>(collection.name, streamId);
    if (current && recorded.revision <= current.revision) return;
    const envelope: EventEnvelope = { stream: recorded.stream, streamId, revision: recorded.revision, occurredAt: recorded.metadata.occurredAt };
    const next = spec.evolve(current ? withoutRevision(current) : null, event, envelope);
    if (next) context.put(collection.name, { ...next, id: streamId, revision: recorded.revision });
  };
  return {
    name: spec.name,
    version: spec.version,
    collections: [collection],
    handlers: Object.fromEntries(codec.types.map((type) => [type, handler])),
  };
}

function withoutRevision<D>(document: StreamDocument<D>): D {
  const { revision: _, ...rest } = document;
  return rest as unknown as D;
}

type HandlerOf<E extends DomainEvent, T extends E['type']> = (
  event: Extract<E, { type: T }>,
  recorded: RecordedEvent,
  context: Parameters<ProjectionHandler>[1],
) => void | Promise<void>;

/**
 * Handlers of a projection that is not one document per stream (an outbox, a lookup table),
 * each given its event decoded and upcast through the stream's codec.
 */
export function decodedHandlers<E extends DomainEvent>(
  codec: EventCodec<E>,
  handlers: { [T in E['type']]?: HandlerOf<E, T> },
): Projection['handlers'] {
  return Object.fromEntries(
    Object.entries(handlers).map(([type, handle]) => [
      type,
      (async (recorded, context) => {
        if (!codec.owns(recorded.stream)) return;
        const event = codec.decode(recorded);
        if (event) await (handle as HandlerOf<E, E['type']>)(event as never, recorded, context);
      }) satisfies ProjectionHandler,
    ]),
  );
}
