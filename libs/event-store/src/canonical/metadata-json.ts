import { canonicalJson, quote } from './canonical-json';

/** The envelope's members without `hash`, as canonical JSON orders them. */
interface Unsealed {
  actor: { accountId: string; businessId: string; role: string };
  causationId: string;
  correlationId: string;
  eventId: string;
  occurredAt: string;
  prevHash: string;
  schemaVersion: number;
}

/**
 * The canonical JSON of an event's metadata without its hash: the same text as canonicalJson,
 * written in a fixed order when the metadata has exactly the envelope's members (as every event
 * this service writes has), so that sealing and the integrity check skip sorting keys and
 * dispatching on types for every event (a third of the check's time on a million events).
 * Anything else (another member, another type) is written by canonicalJson itself. A member set
 * to undefined is absent, as in canonicalJson.
 */
export function canonicalMetadataJson(metadata: object): string {
  const m = metadata as Partial<Unsealed> & Record<string, unknown>;
  let members = 0;
  for (const key of Object.keys(m)) if (m[key] !== undefined) members += 1;
  const actor = m.actor;
  if (
    members === 7 &&
    typeof m.eventId === 'string' &&
    typeof m.occurredAt === 'string' &&
    typeof m.correlationId === 'string' &&
    typeof m.causationId === 'string' &&
    typeof m.prevHash === 'string' &&
    typeof m.schemaVersion === 'number' &&
    Number.isFinite(m.schemaVersion) &&
    typeof actor === 'object' &&
    actor !== null &&
    Object.keys(actor).length === 3 &&
    typeof actor.accountId === 'string' &&
    typeof actor.businessId === 'string' &&
    typeof actor.role === 'string'
  ) {
    return (
      `{"actor":{"accountId":${quote(actor.accountId)},"businessId":${quote(actor.businessId)},"role":${quote(actor.role)}},` +
      `"causationId":${quote(m.causationId)},"correlationId":${quote(m.correlationId)},"eventId":${quote(m.eventId)},` +
      `"occurredAt":${quote(m.occurredAt)},"prevHash":${quote(m.prevHash)},"schemaVersion":${JSON.stringify(m.schemaVersion)}}`
    );
  }
  return canonicalJson(metadata);
}
