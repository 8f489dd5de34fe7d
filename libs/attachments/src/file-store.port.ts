import type { Readable } from 'node:stream';

/** DI token for the file store adapter chosen by configuration. */
export const FILE_STORE = Symbol('FILE_STORE');

/** What identifies stored content: its SHA-256 (64 lowercase hex digits) and its length in bytes. */
export interface StoredFile {
  sha256: string;
  size: number;
}

export interface PutOptions {
  /** The most bytes accepted; one more and the put fails with FileTooLargeError, storing nothing. */
  maxBytes: number;
}

/**
 * Content-addressed storage for attachments (architecture.md item 11). Only the SHA-256 of the
 * content locates a file: names given by users are data, never paths. Adapters: `disk/`
 * (embedded default) and `gridfs/` (production); both pass `test/contract/file-store.contract.ts`.
 *
 * An upload stages its content first, and commits it under its sha256 only once nothing that
 * can refuse the upload is left but the append of the event that references it; a refused upload
 * discards what it staged and, if its commit created the stored copy and no other upload holds or
 * kept it, that copy too. So a refusal leaves nothing unreferenced, and never removes content
 * another attachment references (two cases may upload the same bytes).
 */
export interface FileStore {
  /**
   * Streams the content into a staging area, hashing it as it goes; nothing is readable under
   * its sha256 until `commit()`. A stream past `maxBytes` is abandoned (a Readable source is
   * destroyed), nothing is left behind, and FileTooLargeError is thrown. An error of the source
   * is rethrown as it is, with nothing left behind either.
   */
  stage(content: AsyncIterable<Uint8Array> | Readable, options: PutOptions): Promise<StagedFile>;
  /** Stages, commits and keeps: the content is stored for good. Storing the same bytes twice keeps one copy. */
  put(content: AsyncIterable<Uint8Array> | Readable, options: PutOptions): Promise<StoredFile>;
  /** The content, or null when nothing is stored under that sha256. */
  open(sha256: string): Promise<Readable | null>;
  exists(sha256: string): Promise<boolean>;
  /**
   * Removes what interrupted uploads left behind (a killed process's staged content), never
   * what a live upload may still be writing or committing. Run at start-up; answers how many.
   */
  sweep(): Promise<number>;
  /** Rejects when the storage cannot be reached (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Content staged by one upload, until it is kept or discarded. */
export interface StagedFile extends StoredFile {
  /**
   * Makes the content readable under its sha256, durably, before the event that references it
   * is appended. The copy stays provisional (another upload's discard cannot remove it while
   * this one holds it) until keep() or discard().
   */
  commit(): Promise<void>;
  /** The event referencing the content is appended: the stored copy stays for good. */
  keep(): Promise<void>;
  /**
   * The upload was refused: removes the staged content, and the stored copy if this upload's
   * commit created it and no other upload holds or kept it. Safe in any state, and twice.
   */
  discard(): Promise<void>;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The content is larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

export class InvalidSha256Error extends Error {
  constructor() {
    super('A file is located by its SHA-256: 64 lowercase hexadecimal digits');
    this.name = 'InvalidSha256Error';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256.test(value);
}

/** Returns the sha256 when it is one; throws InvalidSha256Error otherwise (never let it reach a path). */
export function checkSha256(value: unknown): string {
  if (!isSha256(value)) throw new InvalidSha256Error();
  return value;
}
