import { randomUUID } from 'node:crypto';
import {
  RefusalError,
  isRefusal,
  type Actor,
  type Decider,
  type DomainEvent,
  type EventCodec,
} from '@shtc/domain';
import { NO_STREAM, WrongExpectedRevisionError, type EventStore, type NewEvent, type RecordedEvent } from '@shtc/event-store';

/** Who asks, when, and as part of what: the metadata every appended event carries. */
export interface CommandContext {
  actor: Actor;
  now: Date;
  correlationId: string;
  causationId?: string;
  /**
   * This request carries on a command an earlier attempt started under `correlationId` and a
   * crash cut short (its Idempotency-Key claim was abandoned): what that attempt appended is the
   * command's outcome, which the command path answers instead of deciding again.
   */
  resumes?: boolean;
}

/** A kind of stream: how its events are stored (the codec) and how it decides (the decider). */
export interface StreamKind<C, E extends DomainEvent, S> {
  codec: EventCodec<E>;
  decider: Decider<C, E, S>;
}

/** A stream as read and folded: its state, and the revision a write must expect. */
export interface LoadedStream<S> {
  id: string;
  state: S;
  /** Revision of the stream's last event; -1 when there is none. */
  revision: number;
  /** Position of the stream's last event; 0n when there is none. */
  position: bigint;
}

export interface Executed<E, S> {
  events: readonly E[];
  /** The state after the new events. */
  state: S;
  /** Position of the last new event, or of the stream's last event when nothing was new. */
  position: bigint;
  revision: number;
}

export interface ExecuteOptions<C, S> {
  /**
   * Who may act on this stream, judged on its state apart from what the command does: throws
   * (a RefusalError answering 404 or 403) for anyone else. Runs again on every attempt.
   */
  authorize?(state: S): void | Promise<void>;
  /** The command, built from the state (it may read other streams, such as a case's assurance). */
  command(state: S): C | Promise<C>;
  /** The stream as a caller already read it (to refuse before reading an upload): it is not read again. */
  loaded?: LoadedStream<S>;
  /** The actor of the events when it is known only from the state (an anonymous password reset). */
  actorFrom?(state: S): Actor;
}

/** How often a command is decided again on fresh state after losing a race to a concurrent writer. */
const ATTEMPTS = 3;

/** Reads a stream once and folds it through its codec. */
export async function loadStream<C, E extends DomainEvent, S>(store: EventStore, kind: StreamKind<C, E, S>, id: string): Promise<LoadedStream<S>> {
  return foldStream(kind, id, await store.readStream(kind.codec.streamOf(id)));
}

/**
 * Folds recorded events of one stream, decoded and upcast through its codec, by its decider's
 * `evolve`: commands fold the whole stream; the audit folds a prefix of it (the stream as it
 * stood at a revision or a time), through this same code, so both believe the same thing.
 */
export function foldStream<C, E extends DomainEvent, S>(kind: StreamKind<C, E, S>, id: string, history: readonly RecordedEvent[]): LoadedStream<S> {
  let state = kind.decider.initialState;
  for (const recorded of history) {
    const event = kind.codec.decode(recorded);
    if (event) state = kind.decider.evolve(state, event);
  }
  const last = history[history.length - 1];
  return { id, state, revision: last?.revision ?? -1, position: last?.position ?? 0n };
}

/**
 * The one path every stream command takes (architecture.md item 2): read the stream once, fold
 * it, check who asks, decide, append with the revision read as the expected revision. A refusal
 * is thrown as a RefusalError naming its rule. When a concurrent writer got there first, the
 * command is decided again on the state that writer left (never a lost update); after
 * {@link ATTEMPTS} lost races the conflict reaches the caller (HTTP 409).
 */
export async function executeOnStream<C, E extends DomainEvent, S>(
  store: EventStore,
  kind: StreamKind<C, E, S>,
  id: string,
  context: CommandContext,
  options: ExecuteOptions<C, S>,
): Promise<Executed<E, S>> {
  for (let attempt = 1; ; attempt++) {
    let loaded: LoadedStream<S>;
    if (context.resumes) {
      const history = await store.readStream(kind.codec.streamOf(id));
      const done = appendedBefore(kind, id, history, context.correlationId);
      if (done) return done;
      loaded = foldStream(kind, id, history);
    } else {
      loaded = attempt === 1 && options.loaded ? options.loaded : await loadStream(store, kind, id);
    }
    await options.authorize?.(loaded.state);
    const decision = kind.decider.decide(await options.command(loaded.state), loaded.state);
    if (isRefusal(decision)) throw new RefusalError(decision);
    if (decision.length === 0) return { events: decision, state: loaded.state, position: loaded.position, revision: loaded.revision };
    const actor = options.actorFrom?.(loaded.state) ?? context.actor;
    const events = decision.map((event) => encode(kind.codec, event, { ...context, actor }));
    try {
      const appended = await store.append(kind.codec.streamOf(id), events, loaded.revision < 0 ? NO_STREAM : loaded.revision);
      return {
        events: decision,
        state: decision.reduce(kind.decider.evolve, loaded.state),
        position: appended.position,
        revision: appended.nextRevision,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * What an earlier attempt of a resumed request appended to this stream (its events carry the
 * request's correlation id): those events, and the stream as they left it; null when it appended
 * nothing here, so the command is still to be decided.
 */
function appendedBefore<C, E extends DomainEvent, S>(
  kind: StreamKind<C, E, S>,
  id: string,
  history: readonly RecordedEvent[],
  correlationId: string,
): Executed<E, S> | null {
  const mine = history.filter((event) => event.metadata.correlationId === correlationId);
  if (mine.length === 0) return null;
  const upTo = history.slice(0, history.indexOf(mine[mine.length - 1]) + 1);
  const { state, revision, position } = foldStream(kind, id, upTo);
  const events = mine.map((event) => kind.codec.decode(event)).filter((event): event is E => event !== undefined);
  return { events, state, position, revision };
}

/** An event as the store keeps it: the codec's schema version, and who, when and why in the envelope. */
export function encode<E extends DomainEvent>(codec: Pick<EventCodec<E>, 'schemaVersion'>, event: E, context: CommandContext): NewEvent {
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
      schemaVersion: codec.schemaVersion(event.type),
    },
  };
}
