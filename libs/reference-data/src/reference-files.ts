import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Reference data are files, replaceable without a code change. The shipped files are in
 * `libs/reference-data/data/`; each loader imports its file as a JSON module, so the compiler
 * copies it into `dist/libs/reference-data/data/` and the compiled code reads it wherever
 * `dist` is deployed (the image holds only `dist`). An operator sets `REFERENCE_DATA_DIR` to a
 * folder with replacement files of the same names: a file found there is read instead of the
 * shipped one; one not there falls back to the shipped one. Files are read once per process
 * (and per value of the variable): restart after replacing one.
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

const cache = new Map<string, { data: unknown; origin: string }>();

/** The operator's folder, resolved against the working directory; undefined when not set. */
export function referenceDataDir(): string | undefined {
  const dir = process.env[REFERENCE_DATA_DIR_ENV]?.trim();
  if (!dir) return undefined;
  const path = resolve(dir);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new ReferenceDataError(`${REFERENCE_DATA_DIR_ENV}=${dir} is not a folder (${path})`);
  }
  return path;
}

/**
 * The parsed content of a reference file: the operator's replacement when there is one, else
 * the shipped content. `parse` checks the shape and throws a message naming what is wrong;
 * it is wrapped in a {@link ReferenceDataError} naming the file.
 */
export function loadReferenceFile<T>(name: ReferenceFileName, shipped: unknown, parse: (raw: unknown) => T): T {
  const dir = referenceDataDir();
  const key = `${dir ?? ''}\u0000${name}`;
  const cached = cache.get(key);
  if (cached) return cached.data as T;
  const replacement = dir ? join(dir, name) : undefined;
  const origin = replacement && existsSync(replacement) ? replacement : `shipped data/${name}`;
  let raw: unknown = shipped;
  if (origin === replacement) {
    try {
      raw = JSON.parse(readFileSync(replacement, 'utf8'));
    } catch (error) {
      throw new ReferenceDataError(`${replacement}: not readable JSON (${(error as Error).message})`);
    }
  }
  let data: T;
  try {
    data = parse(raw);
  } catch (error) {
    throw new ReferenceDataError(`${origin}: ${(error as Error).message}`);
  }
  cache.set(key, { data, origin });
  return data;
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
