import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { FileTooLargeError, type StoredFile } from './file-store.port';

/**
 * Hashes and counts content as an adapter streams it to storage, and enforces the size cap:
 * the chunk that would pass `maxBytes` is never handed on.
 */
export class ContentDigest {
  private readonly hash = createHash('sha256');
  private size = 0;

  constructor(private readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError('maxBytes must be a whole number of bytes, 0 or more');
  }

  /** The content as Buffers; throws FileTooLargeError as soon as it passes the cap. */
  async *chunks(content: AsyncIterable<Uint8Array | string> | Readable): AsyncGenerator<Buffer> {
    for await (const chunk of content as AsyncIterable<Uint8Array | string>) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (buffer.length === 0) continue;
      this.size += buffer.length;
      if (this.size > this.maxBytes) throw new FileTooLargeError(this.maxBytes);
      this.hash.update(buffer);
      yield buffer;
    }
  }

  /** Once the content has been read to its end. */
  result(): StoredFile {
    return { sha256: this.hash.digest('hex'), size: this.size };
  }
}
