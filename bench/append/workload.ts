/**
 * Workload shared by the append benchmarks: stream names, ~1 KB event payloads, full metadata,
 * and the raw better-sqlite3 writer that serves as the "raw SQLite limit".
 *
 * Nothing here imports from test/: the metadata is built the way test/support/events.ts builds it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ExpectedRevision, NewEvent } from '@shtc/event-store';
import { SQLITE_EVENT_STORE_SCHEMA } from '@shtc/event-store';

/** Target size of JSON.stringify(data) for every event, in bytes (ASCII only, so chars = bytes). */
export const EVENT_BYTES = 1024;

export const benchActor = { accountId: 'acc-bench', role: 'APPLICANT', businessId: '12345678' };

export function intFromEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${raw}`);
  return value;
}

export function log(message: string): void {
  process.stderr.write(`[bench:append] ${message}\n`);
}

/** Case stream names, shaped like the application's (`Case-<uuid>`). */
export function makeStreamNames(count: number): string[] {
  return Array.from({ length: count }, () => `Case-${randomUUID()}`);
}

/**
 * A realistic nested payload (what canonicalisation has to walk), padded with a free-text field
 * so that JSON.stringify(data).length === EVENT_BYTES exactly. `seq` is fixed-width so the size
 * never varies.
 */
interface Payload {
  caseId: string;
  seq: string;
  kind: string;
  applicant: { businessId: string; name: string; contact: { email: string; phone: string } };
  items: Array<{ line: number; hsCode: string; description: string; quantity: number; unit: string; valueTwd: number }>;
  destination: { country: string; endUser: string };
  notes: string;
}

function basePayload(caseId: string, seq: number, notes: string): Payload {
  return {
    caseId,
    seq: String(seq).padStart(10, '0'),
    kind: 'ExportLicenceApplicationAmended',
    applicant: {
      businessId: '12345678',
      name: 'Formosa Precision Instruments Co., Ltd.',
      contact: { email: 'export.desk@formosa-precision.example', phone: '+886-2-2345-6789' },
    },
    items: [
      { line: 1, hsCode: '8486.20.00', description: 'Wafer inspection module', quantity: 2, unit: 'SET', valueTwd: 18500000 },
      { line: 2, hsCode: '9031.41.00', description: 'Optical metrology head', quantity: 4, unit: 'PCE', valueTwd: 6200000 },
      { line: 3, hsCode: '8542.31.00', description: 'Controller ASIC, spares', quantity: 120, unit: 'PCE', valueTwd: 960000 },
    ],
    destination: { country: 'SG', endUser: 'Straits Semiconductor Pte. Ltd.' },
    notes,
  };
}

const NOTES = (() => {
  const probe = JSON.stringify(basePayload(randomUUID(), 0, '')).length;
  const missing = EVENT_BYTES - probe;
  if (missing < 0) throw new Error(`Base payload already ${probe} bytes > ${EVENT_BYTES}`);
  const filler = 'Amended per officer request; see attached end-use statement. ';
  return filler.repeat(Math.ceil(missing / filler.length)).slice(0, missing);
})();

export function makeData(caseId: string, seq: number): Payload {
  return basePayload(caseId, seq, NOTES);
}

/** A new event with complete metadata, as a command handler builds it (cf. test/support/events.ts). */
export function makeEvent(stream: string, seq: number): NewEvent {
  const eventId = randomUUID();
  return {
    type: 'ExportLicenceApplicationAmended',
    data: makeData(stream, seq),
    metadata: {
      eventId,
      occurredAt: new Date().toISOString(),
      actor: benchActor,
      correlationId: eventId,
      causationId: eventId,
      schemaVersion: 1,
    },
  };
}

export function expectedFor(revision: number): ExpectedRevision {
  return revision < 0 ? 'no_stream' : revision;
}

/**
 * Fresh directory under os.tmpdir(), removed by the returned cleanup (idempotent), and also when
 * the process exits early: an uncaught error (e.g. EPIPE on stderr), SIGINT or SIGTERM.
 */
export function makeTempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `shtc-bench-${label}-`));
  let removed = false;
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const cleanup = () => {
    if (removed) return;
    removed = true;
    process.off('exit', cleanup);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { dir, cleanup };
}

/** The adapter's own schema, so the raw writer writes the same tables. */
export const ADAPTER_SCHEMA = SQLITE_EVENT_STORE_SCHEMA;

/** A hash-shaped placeholder: the raw writer stores metadata of the same size without computing it. */
export const FAKE_HASH = 'f'.repeat(64);

/**
 * The raw SQLite limit: the same schema and durability as the adapter (openSqlite: busy_timeout,
 * WAL, synchronous=FULL), one transaction per event that inserts the event row and upserts the
 * stream row. No read, no hashing, no canonicalisation, no event-loop hop.
 */
export class RawWriter {
  readonly db: Database.Database;
  private readonly insertEvent: Database.Statement;
  private readonly upsertStream: Database.Statement;
  private readonly commitOne: (stream: string, revision: number, type: string, data: string, metadata: string) => void;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(ADAPTER_SCHEMA);
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?)',
    );
    this.upsertStream = this.db.prepare(
      `INSERT INTO streams (stream, revision, last_hash) VALUES (?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash`,
    );
    this.commitOne = this.db.transaction((stream: string, revision: number, type: string, data: string, metadata: string) => {
      this.insertEvent.run(stream, revision, type, data, metadata);
      this.upsertStream.run(stream, revision, FAKE_HASH);
    });
  }

  /** Writes one event (serialising data and metadata, as any writer must) in its own transaction. */
  write(stream: string, revision: number, event: NewEvent): void {
    const metadata = { ...event.metadata, prevHash: FAKE_HASH, hash: FAKE_HASH };
    this.commitOne(stream, revision, event.type, JSON.stringify(event.data), JSON.stringify(metadata));
  }

  /** The same two statements without a transaction of their own (for batches in the profile). */
  writeInTransaction(stream: string, revision: number, event: NewEvent): void {
    const metadata = { ...event.metadata, prevHash: FAKE_HASH, hash: FAKE_HASH };
    this.insertEvent.run(stream, revision, event.type, JSON.stringify(event.data), JSON.stringify(metadata));
    this.upsertStream.run(stream, revision, FAKE_HASH);
  }

  synchronous(): number {
    return this.db.pragma('synchronous', { simple: true }) as number;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
