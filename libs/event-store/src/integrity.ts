import { GENESIS_HASH, eventHash, type RecordedEvent } from './envelope';
import type { EventStore } from './event-store.port';

export interface ChainBreak {
  stream: string;
  revision: number;
  reason: 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'REVISION_GAP';
}

/** Verifies one stream's hash chain; returns the first break, or null when it holds. */
export function verifyChain(stream: string, events: RecordedEvent[]): ChainBreak | null {
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event.revision !== i) return { stream, revision: i, reason: 'REVISION_GAP' };
    const { hash, ...withoutHash } = event.metadata;
    if (withoutHash.prevHash !== prevHash) return { stream, revision: event.revision, reason: 'PREV_HASH_MISMATCH' };
    const expected = eventHash(prevHash, { type: event.type, data: event.data, metadata: withoutHash });
    if (expected !== hash) return { stream, revision: event.revision, reason: 'HASH_MISMATCH' };
    prevHash = hash;
  }
  return null;
}

export interface IntegrityReport {
  valid: boolean;
  streams: number;
  events: number;
  broken: ChainBreak[];
}

/** Verifies one stream, or every stream when none is named. */
export async function verifyIntegrity(store: EventStore, stream?: string): Promise<IntegrityReport> {
  const report: IntegrityReport = { valid: true, streams: 0, events: 0, broken: [] };
  const check = async (name: string) => {
    const events = await store.readStream(name);
    report.streams += 1;
    report.events += events.length;
    const broken = verifyChain(name, events);
    if (broken) report.broken.push(broken);
  };
  if (stream) await check(stream);
  else for await (const name of store.listStreams()) await check(name);
  report.valid = report.broken.length === 0;
  return report;
}
