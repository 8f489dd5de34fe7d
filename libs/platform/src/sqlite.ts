import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

export interface SqliteOptions {
  /** FULL: an acknowledged commit survives power loss (fsync on every commit in WAL mode). */
  synchronous?: 'FULL' | 'NORMAL';
  readonly?: boolean;
}

const MMAP_BYTES = 1 << 30;
const CACHE_KIB = 64 * 1024;

/** Opens a SQLite file in WAL mode, shared safely by the server and CLI processes. */
export function openSqlite(path: string, options: SqliteOptions = {}): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  // Another process (the CLI, the projector) may hold the write lock briefly: wait for it.
  db.pragma('busy_timeout = 5000');
  // Reads of a large file (a million cases' read models) come from memory-mapped pages instead of
  // a read() call per page, and more of the index stays in SQLite's cache (bench/queue).
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  db.pragma(`cache_size = -${CACHE_KIB}`);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  }
  return db;
}
