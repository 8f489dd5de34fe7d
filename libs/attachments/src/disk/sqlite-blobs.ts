import { SqliteWriter, openSqlite, type SqliteDatabase } from '@shtc/platform';

export const SQLITE_BLOBS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS blobs (
    sha256 TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
  );
`;

const INSERT = 'INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)';
const DELETE = 'DELETE FROM blobs WHERE sha256 = ?';

/**
 * Small files' content in one SQLite file (WAL, synchronous=FULL), one row per sha256. Writes go
 * through a SqliteWriter thread, so that concurrent uploads share one commit (one fsync of the
 * WAL for many, where a file each costs an fsync of itself and one of its folder). Reads use
 * this connection: in WAL mode they see every commit that resolved before them.
 *
 * The caller validates every sha256; this class only stores bytes under it.
 */
export class SqliteBlobs {
  private readonly db: SqliteDatabase;
  private writer: SqliteWriter | null = null;
  private readonly selectData;
  private readonly selectOne;

  constructor(readonly path: string) {
    this.db = openSqlite(path, { synchronous: 'FULL' });
    this.db.exec(SQLITE_BLOBS_SCHEMA);
    this.selectData = this.db.prepare<[string], Buffer>('SELECT data FROM blobs WHERE sha256 = ?').pluck();
    this.selectOne = this.db.prepare<[string], number>('SELECT 1 FROM blobs WHERE sha256 = ?').pluck();
  }

  /** Stores the bytes durably (committed and fsynced) unless the sha256 is there; true when this created it. */
  async insert(sha256: string, bytes: Uint8Array): Promise<boolean> {
    const [inserted] = await this.write().write([{ sql: INSERT, params: [sha256, bytes.length, bytes] }]);
    return inserted.changes === 1;
  }

  async remove(sha256: string): Promise<void> {
    await this.write().write([{ sql: DELETE, params: [sha256] }]);
  }

  get(sha256: string): Buffer | null {
    return this.selectData.get(sha256) ?? null;
  }

  has(sha256: string): boolean {
    return this.selectOne.get(sha256) !== undefined;
  }

  /**
   * Rejects when the file cannot be read, or its writer thread cannot open it at full durability
   * or has failed (then every upload would fail: not ready).
   */
  async ping(): Promise<void> {
    this.selectOne.get('');
    const writer = this.write();
    const { synchronous } = await writer.ready;
    if (synchronous !== 2) throw new Error(`${this.path} is not written with synchronous=FULL`);
    if (writer.failure) throw writer.failure;
  }

  async close(): Promise<void> {
    await this.writer?.close();
    this.writer = null;
    if (this.db.open) this.db.close();
  }

  /** The writer thread, started on the first write (a CLI that only reads never starts one). */
  private write(): SqliteWriter {
    return (this.writer ??= new SqliteWriter(this.path, { synchronous: 'FULL' }));
  }
}
