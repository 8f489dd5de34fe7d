import type { SqliteDatabase } from '@shtc/platform';
import type { StoredRecord, StreamHead } from '../event-store.port';

/** position, stream, revision, type, data, metadata: rows as arrays (better-sqlite3's raw mode builds no object per row). */
type StoredRow = [number, string, number, string, string, string];

/**
 * The reads an integrity check makes of the file: event rows as stored, neither parsed nor kept
 * in the adapter's cache of recent events (a check reads the whole log once, and must see the
 * file, not what this process remembers), and the heads of the `streams` table, which each
 * append advances in the transaction that inserts its events.
 */
export class SqliteStoredReads {
  private readonly selectAll;
  private readonly selectStream;
  private readonly selectHead;
  private readonly selectHeads;

  constructor(db: SqliteDatabase) {
    this.selectAll = db
      .prepare<[number, number], StoredRow>('SELECT position, stream, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?')
      .raw(true);
    this.selectStream = db
      .prepare<[string, number, number], StoredRow>(
        'SELECT position, stream, revision, type, data, metadata FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      )
      .raw(true);
    this.selectHead = db.prepare<[string], { stream: string; revision: number; last_hash: string }>(
      'SELECT stream, revision, last_hash FROM streams WHERE stream = ?',
    );
    this.selectHeads = db.prepare<[string, number], { stream: string; revision: number; last_hash: string }>(
      'SELECT stream, revision, last_hash FROM streams WHERE stream > ? ORDER BY stream LIMIT ?',
    );
  }

  all(after: bigint, limit: number): StoredRecord[] {
    return this.selectAll.all(Number(after), limit).map(toStored);
  }

  stream(stream: string, fromRevision: number, limit: number): StoredRecord[] {
    return this.selectStream.all(stream, fromRevision, limit).map(toStored);
  }

  head(stream: string): StreamHead | undefined {
    const row = this.selectHead.get(stream);
    return row && { stream: row.stream, revision: row.revision, hash: row.last_hash };
  }

  /** Heads in stream-name order after `after` (keyset paging: no cursor stays open between pages). */
  heads(after: string, limit: number): StreamHead[] {
    return this.selectHeads.all(after, limit).map((row) => ({ stream: row.stream, revision: row.revision, hash: row.last_hash }));
  }
}

function toStored([position, stream, revision, type, data, metadata]: StoredRow): StoredRecord {
  return { stream, revision, position: BigInt(position), type, data, metadata };
}
