import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Reference data are files, replaceable without a code change. The shipped files are in
 * `libs/reference-data/data/`; each loader imports its file as a JSON module, so the compiler
 * copies it into `dist/libs/reference-data/data/` and the compiled code reads it wherever
 * `dist` is deployed (the image holds only `dist`). An operator sets `REFERENCE_DATA_DIR` to a
 * folder with replacement files of the same names: a file found there is read instead of the
 * shipped one; one not there falls back to the shipped one. Files are read once per process
 * (and per value of the variable): restart after replacing one. A loader may ask for its file to
 * be looked at again while the process runs (`recheckMs`): the office calendar does, so a year
 * loaded by `npm run cli -- load-calendar` is used without a restart.
 */
export const REFERENCE_DATA_DIR_ENV = 'REFERENCE_DATA_DIR';

export const REFERENCE_FILES = ['regimes.json', 'taiwan-calendar.json', 'red-flags.json', 'controlled-areas.json', 'export-rules.json'] as const;
export type ReferenceFileName = (typeof REFERENCE_FILES)[number];

/** A reference file that is missing, unreadable or not in the expected shape: the message names the file. */
export class ReferenceDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceDataError';
  }
}

interface Loaded {
  data: unknown;
  origin: string;
  /** What the replacement file was when read (`absent` when there was none): inode, size, mtime. */
  stamp: string;
  checkedAt: number;
}
const cache = new Map<string, Loaded>();

export interface LoadOptions {
  /**
   * Look at the replacement file again at most this often, in milliseconds, and read it again
   * when it changed (appeared, was replaced, was removed). Without it a file is read once per process.
   */
  recheckMs?: number;
}

function stampOf(path: string | undefined): string {
  if (!path) return 'absent';
  try {
    const stat = statSync(path);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

/** The folder last found to exist, by the setting and working directory it was resolved from. */
let checkedDir: { key: string; path: string } | null = null;

/**
 * The operator's folder, resolved against the working directory; undefined when not set. Looked
 * at once per setting: the review clock asks for the calendar on every read of a case, and a
 * `stat` of the folder each time was a measurable part of a projection rebuild.
 */
export function referenceDataDir(): string | undefined {
  const dir = process.env[REFERENCE_DATA_DIR_ENV]?.trim();
  if (!dir) return undefined;
  const key = `${process.cwd()}\u0000${dir}`;
  if (checkedDir?.key === key) return checkedDir.path;
  const path = resolve(dir);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new ReferenceDataError(`${REFERENCE_DATA_DIR_ENV}=${dir} is not a folder (${path})`);
  }
  checkedDir = { key, path };
  return path;
}

/**
 * The parsed content of a reference file: the operator's replacement when there is one, else
 * the shipped content. `parse` checks the shape and throws a message naming what is wrong;
 * it is wrapped in a {@link ReferenceDataError} naming the file.
 *
 * With `recheckMs`, a replacement that changes while the process runs is read again; if the new
 * content is bad, the process keeps what it read before and emits a `ReferenceDataWarning`
 * naming the fault (a bad file at the first read still throws).
 */
export function loadReferenceFile<T>(name: ReferenceFileName, shipped: unknown, parse: (raw: unknown) => T, options: LoadOptions = {}): T {
  const dir = referenceDataDir();
  const key = `${dir ?? ''}\u0000${name}`;
  const cached = cache.get(key);
  const now = Date.now();
  if (cached && (options.recheckMs === undefined || now - cached.checkedAt < options.recheckMs)) return cached.data as T;
  const replacement = dir ? join(dir, name) : undefined;
  const stamp = stampOf(replacement);
  if (cached && cached.stamp === stamp) {
    cached.checkedAt = now;
    return cached.data as T;
  }
  try {
    const { data, origin } = readReferenceFile(name, replacement, stamp !== 'absent', shipped, parse);
    cache.set(key, { data, origin, stamp, checkedAt: now });
    return data;
  } catch (error) {
    if (!cached) throw error;
    cached.stamp = stamp;
    cached.checkedAt = now;
    process.emitWarning(`${(error as Error).message}; still using ${cached.origin} as read before`, 'ReferenceDataWarning');
    return cached.data as T;
  }
}

function readReferenceFile<T>(name: ReferenceFileName, replacement: string | undefined, replaced: boolean, shipped: unknown, parse: (raw: unknown) => T): { data: T; origin: string } {
  const origin = replacement && replaced ? replacement : `shipped data/${name}`;
  let raw: unknown = shipped;
  if (replacement && replaced) {
    try {
      raw = JSON.parse(readFileSync(replacement, 'utf8'));
    } catch (error) {
      throw new ReferenceDataError(`${replacement}: not readable JSON (${(error as Error).message})`);
    }
  }
  try {
    return { data: parse(raw), origin };
  } catch (error) {
    throw new ReferenceDataError(`${origin}: ${(error as Error).message}`);
  }
}

/** Where each reference file in use was read from (after it was first loaded), for a health or audit page. */
export function referenceDataOrigins(): Record<string, string> {
  const dir = referenceDataDir();
  const origins: Record<string, string> = {};
  for (const name of REFERENCE_FILES) {
    const loaded = cache.get(`${dir ?? ''}\u0000${name}`);
    if (loaded) origins[name] = loaded.origin;
  }
  return origins;
}

// Shape checks shared by the loaders; each throws a message naming the path of the bad value.

export function expectRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path} must be an object`);
  return value as Record<string, unknown>;
}

export function expectText(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${path} must be non-empty text`);
  return value;
}

export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${path} must be a list`);
  return value;
}

/** A list of ISO 3166-1 alpha-2 codes in upper case, without duplicates. */
export function expectCountryList(value: unknown, path: string): string[] {
  const list = expectArray(value, path).map((code, index) => {
    if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) throw new Error(`${path}[${index}] must be a two-letter country code, found ${JSON.stringify(code)}`);
    return code;
  });
  const duplicate = list.find((code, index) => list.indexOf(code) !== index);
  if (duplicate) throw new Error(`${path} lists ${duplicate} twice`);
  return list;
}
