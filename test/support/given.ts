import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { FILE_STORE, type FileStore } from '@shtc/attachments';
import { encode } from '@shtc/commands';
import { caseCodec, type Actor, type AttachmentType, type CaseEvent, type EventCodec, type DomainEvent } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ProjectionCatalog, type Projection } from '@shtc/read-store';
import { PROJECTIONS } from '@shtc/storage';
import { samplePdf } from '../../libs/attachments/src/testing/sample-files';
import { standardApplication } from '../../libs/domain/src/case/case.fixtures';
import type { TestApp } from './app';

/** An event to seed: a domain event written at its codec's current version, or a raw one in an older shape. */
export type SeedEvent<E extends DomainEvent = DomainEvent> = E | { type: string; data: unknown; schemaVersion: number };

export interface ExistingStream {
  codec: EventCodec<DomainEvent>;
  id: string;
  events: SeedEvent[];
  /** Attachment contents the events refer to by sha256: stored in the app's file store. */
  files?: Buffer[];
  actor?: Actor;
}

/** A stream that exists before the test: `given(t, existingCase(caseNo, events))`. */
export function existingCase(caseNo: string, events: SeedEvent<CaseEvent>[], files: Buffer[] = []): ExistingStream {
  return { codec: caseCodec as unknown as EventCodec<DomainEvent>, id: caseNo, events, files };
}

let seeded = 0;
/** A case number of its own for a seeded case, beyond those the app gives out in a test. */
export function seededCaseNo(): string {
  seeded += 1;
  return `SHTC-2026-${String(900_000 + ((process.pid % 900) * 100 + seeded) % 100_000).padStart(6, '0')}`;
}

/**
 * Seeds streams straight into the running app's event store (emmett's `given(existingStream(…))`),
 * with complete, hash-chained envelopes, stores the files they refer to, and waits until every
 * projection has read them: a test of the review stage starts from a submitted case in one call.
 */
export async function given(t: TestApp, ...streams: ExistingStream[]): Promise<{ position: bigint }> {
  const events = t.app.get<EventStore>(EVENT_STORE);
  const files = t.app.get<FileStore>(FILE_STORE);
  let position = 0n;
  for (const stream of streams) {
    for (const content of stream.files ?? []) await files.put(Readable.from([content]), { maxBytes: content.length });
    const now = new Date(t.clock.now());
    const encoded = stream.events.map((event) => {
      const context = { actor: stream.actor ?? actorOf(event.data), now, correlationId: `given-${randomUUID()}` };
      // A raw event keeps the schema version it was given: an older shape, for upcasting tests.
      const codec = 'schemaVersion' in event ? { schemaVersion: () => event.schemaVersion } : stream.codec;
      return encode(codec, event as DomainEvent, context);
    });
    position = (await events.append(stream.codec.streamOf(stream.id), encoded, 'no_stream')).position;
  }
  await projectionsReach(t, position);
  return { position };
}

/** Waits until every projection has read the event at `position` (a command's answer), or throws after 5 s. */
export async function projectionsReach(t: TestApp, position: bigint | string): Promise<void> {
  const names = t.app.get<Projection[]>(PROJECTIONS).map((projection) => projection.name);
  if (!(await t.app.get(ProjectionCatalog).waitFor(names, BigInt(position), 5000))) throw new Error(`Projections did not reach ${position}`);
}

/** The person an event records (`by`, `filedBy`), as the command path would have put in its envelope. */
function actorOf(data: unknown): Actor {
  const record = data as { by?: Actor; filedBy?: Actor };
  return record.by ?? record.filedBy ?? { accountId: 'seed', role: 'APPLICANT', businessId: '00000000' };
}

export const FIVE_DOCUMENT_TYPES: AttachmentType[] = ['END_USE_ASSURANCE', 'RED_FLAG_AFFIDAVIT', 'CATALOGUE', 'TRANSACTION_DOCUMENT', 'END_USER_INTRODUCTION'];

/**
 * The events of a standard case filed by `applicant`, its five documents uploaded (real PDFs,
 * stored by given()) and submitted at `submittedAt`: in the initial review queue.
 */
export function submittedCase(
  caseNo: string,
  applicant: { accountId: string; businessId: string },
  submittedAt: string,
  registeredAt = submittedAt,
): ExistingStream {
  const by: Actor = { accountId: applicant.accountId, role: 'APPLICANT', businessId: applicant.businessId };
  const application = standardApplication({ applicantId: applicant.businessId });
  const files = FIVE_DOCUMENT_TYPES.map((type) => samplePdf(`${type} of ${caseNo}`));
  const events: CaseEvent[] = [
    { type: 'CaseRegistered', data: { caseNo, application, warnings: [], filedBy: by, agentId: null, amends: null, reissues: null, corrects: null, registeredAt } },
    ...FIVE_DOCUMENT_TYPES.map((type, i): CaseEvent => ({
      type: 'AttachmentAdded',
      data: {
        attachmentId: randomUUID(), type, fileName: `${type.toLowerCase()}.pdf`, size: files[i].length,
        sha256: createHash('sha256').update(files[i]).digest('hex'), mediaType: 'application/pdf', dataVersion: 1, addedAt: registeredAt, by,
      },
    })),
    { type: 'ApplicationSubmitted', data: { endUse: 'Optical test benches for telecom research', submittedAt, by } },
  ];
  return existingCase(caseNo, events, files);
}
