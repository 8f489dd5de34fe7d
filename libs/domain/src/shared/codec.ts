import type { Actor } from './actor';

/** What the codec reads of a stored event: its type, data and the envelope fields upcasters may use. */
export interface StoredEvent {
  type: string;
  data: unknown;
  metadata: { schemaVersion: number; actor: Actor; occurredAt: string };
}

/** Turns the data of one schema version of an event type into the next version's. */
export type Upcaster = (data: any, metadata: StoredEvent['metadata']) => unknown;

export interface DomainEvent {
  type: string;
  data: unknown;
}

/**
 * The storage format of one kind of stream (Equinox's codec): which event types it has, the
 * schema version each is written in now, and how older versions are upcast. Every read path
 * (commands, projections, the CLI, audit) decodes through it, so an event stored in an older
 * shape is seen in the current one everywhere.
 */
export interface EventCodec<E extends DomainEvent> {
  /** The stream category: `case` for `case-<caseNo>`. */
  readonly category: string;
  /** Whether a stream name belongs to this category. */
  owns(stream: string): boolean;
  /** The id in a stream's name: `SHTC-2026-000001` of `case-SHTC-2026-000001`. */
  idOf(stream: string): string;
  streamOf(id: string): string;
  /** Every event type the stream has. */
  readonly types: readonly E['type'][];
  /** The schema version an event of this type is written in. */
  schemaVersion(type: E['type']): number;
  /** The event in its current shape; undefined for a type this stream does not have. */
  decode(stored: StoredEvent): E | undefined;
}

export class UnreadableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

export interface CodecSpec<E extends DomainEvent> {
  category: string;
  /** The current schema version of every event type of the stream. */
  versions: { readonly [K in E['type']]: number };
  /** For each type, the upcaster from each older version to the next. */
  upcasters?: { readonly [K in E['type']]?: Readonly<Record<number, Upcaster>> };
}

export function eventCodec<E extends DomainEvent>(spec: CodecSpec<E>): EventCodec<E> {
  const prefix = `${spec.category}-`;
  const versions = spec.versions as Readonly<Record<string, number>>;
  const upcasters = (spec.upcasters ?? {}) as Readonly<Record<string, Readonly<Record<number, Upcaster>> | undefined>>;
  return {
    category: spec.category,
    owns: (stream) => stream.startsWith(prefix),
    idOf: (stream) => stream.slice(prefix.length),
    streamOf: (id) => `${prefix}${id}`,
    types: Object.keys(versions) as E['type'][],
    schemaVersion: (type) => versions[type],
    decode(stored) {
      const current = Object.hasOwn(versions, stored.type) ? versions[stored.type] : undefined;
      if (current === undefined) return undefined;
      let version = stored.metadata.schemaVersion ?? 1;
      if (version > current) {
        throw new UnreadableEventError(`${stored.type} v${version} was written by a newer version of this service (this one reads up to v${current})`);
      }
      let data = stored.data;
      for (; version < current; version++) {
        const upcast = upcasters[stored.type]?.[version];
        if (!upcast) throw new UnreadableEventError(`No upcaster for ${stored.type} v${version} → v${version + 1}`);
        data = upcast(data, stored.metadata);
      }
      return { type: stored.type, data } as E;
    },
  };
}
