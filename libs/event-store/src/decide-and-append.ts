import { randomUUID } from 'node:crypto';
import type { Actor, RecordedEvent, StreamEvent } from './envelope';
import { NO_STREAM, type EventStore, type ExpectedRevision, type NewEvent } from './event-store.port';

/** Who asks, when, and as part of what: the metadata every appended event carries. */
export interface CommandContext {
  actor: Actor;
  now: Date;
  correlationId: string;
  causationId?: string;
}

export interface Folding<E, S> {
  initialState: S;
  evolve(state: S, event: E): S;
}

export interface AppendedDecision<E, S> {
  events: readonly E[];
  /** The state after the new events. */
  state: S;
  /** Position of the last new event, or of the stream's last event when nothing was new. */
  position: bigint;
  revision: number;
}

export const CURRENT_SCHEMA_VERSION = 1;

/**
 * The whole of a thin command handler (architecture.md item 2): read the stream, fold it,
 * decide, append with the revision read as the expected revision. A concurrent writer makes
 * the append fail with WrongExpectedRevisionError (HTTP 409), never a lost update.
 */
export async function decideAndAppend<E extends StreamEvent, S>(
  store: EventStore,
  stream: string,
  folding: Folding<E, S>,
  decide: (state: S) => readonly E[],
  context: CommandContext,
): Promise<AppendedDecision<E, S>> {
  const history = (await store.readStream(stream)) as unknown as RecordedEvent<E>[];
  const state = history.reduce((s, e) => folding.evolve(s, { type: e.type, data: e.data } as E), folding.initialState);
  const events = decide(state);
  const last = history[history.length - 1];
  if (events.length === 0) {
    return { events, state, position: last?.position ?? 0n, revision: last?.revision ?? -1 };
  }
  const expected: ExpectedRevision = last ? last.revision : NO_STREAM;
  const result = await store.append(stream, events.map((e) => toNewEvent(e, context)), expected);
  return {
    events,
    state: events.reduce(folding.evolve, state),
    position: result.position,
    revision: result.nextRevision,
  };
}

export function toNewEvent<E extends StreamEvent>(event: E, context: CommandContext): NewEvent {
  const eventId = randomUUID();
  return {
    type: event.type,
    data: event.data,
    metadata: {
      eventId,
      occurredAt: context.now.toISOString(),
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? context.correlationId,
      schemaVersion: CURRENT_SCHEMA_VERSION,
    },
  };
}

/** Folds a stream as it is stored, without deciding anything (queries, login). */
export async function loadState<E extends StreamEvent, S>(
  store: EventStore,
  stream: string,
  folding: Folding<E, S>,
): Promise<{ state: S; revision: number }> {
  const history = await store.readStream(stream);
  const state = history.reduce((s, e) => folding.evolve(s, { type: e.type, data: e.data } as E), folding.initialState);
  return { state, revision: history.length - 1 };
}
