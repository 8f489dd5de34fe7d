import type { RecordedEvent } from '@shtc/event-store';
import type { CollectionSpec, Document } from '../read-store.port';

/** What a projection handler may do: read and write its own collections, by their logical names. */
export interface ProjectionContext {
  get<T extends Document>(collection: string, id: string): Promise<T | null>;
  put(collection: string, doc: Document): void;
  delete(collection: string, id: string): void;
  /** Writes only when no document has that id: for shared collections others update (the outbox). */
  putIfAbsent(collection: string, doc: Document): Promise<void>;
}

/**
 * A collection a projection writes. A shared one keeps its name across rebuilds and is never
 * dropped: its documents have a life of their own after the projection wrote them (an outbox
 * message being sent), so a rebuild must not write them again.
 */
export interface ProjectionCollection extends CollectionSpec {
  shared?: boolean;
}

export type ProjectionHandler = (event: RecordedEvent, context: ProjectionContext) => void | Promise<void>;

/**
 * A projection is a pure fold of events into documents (architecture.md item 6). The runner
 * owns the I/O: it reads from the checkpoint, applies a batch, and commits documents and
 * checkpoint in one unit of work. Bump `version` when the documents' shape changes: the runner
 * rebuilds into fresh collections and swaps when they have caught up.
 */
export interface Projection {
  name: string;
  version: number;
  collections: ProjectionCollection[];
  handlers: Partial<Record<string, ProjectionHandler>>;
}

/** Collections the runner keeps its bookkeeping in. */
export const PROJECTION_STATE = 'projection_state';
export const PROJECTION_CHECKPOINTS = 'projection_checkpoints';

/** Which generation of a projection's collections queries read. */
export interface ProjectionState extends Document {
  version: number;
  generation: number;
  swappedAt: string;
}

export interface ProjectionCheckpoint extends Document {
  projection: string;
  version: number;
  generation: number;
  /** Zero-padded global position of the last event applied. */
  position: string;
}

export function physicalCollection(collection: string, generation: number, shared = false): string {
  return shared ? collection : `${collection}_g${generation}`;
}

export function checkpointId(projection: string, generation: number): string {
  return `${projection}_g${generation}`;
}
