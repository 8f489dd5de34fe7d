import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

export interface SqliteOptions {
  /** FULL: an acknowledged commit survives power loss (fsync on every commit in WAL mode). */
  synchronous?: 'FULL' | 'NORMAL';
  readonly?: boolean;
}

/** Opens a SQLite file in WAL mode, shared safely by the server and CLI processes. */
export function openSqlite(path: string, options: SqliteOptions = {}): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  // Another process (the CLI, the projector) may hold the write lock briefly: wait for it.
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  }
  return db;
}
