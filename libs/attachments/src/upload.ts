import { PassThrough, type Readable } from 'node:stream';
import fastifyMultipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { displayFileName } from './file-name';
import { FileTooLargeError, type FileStore, type StagedFile } from './file-store.port';
import { SNIFF_BYTES, sniffFileType } from './file-type';
import { InvalidUploadError, MissingFileError, UnsupportedFileTypeError, UploadTooLargeError, toUploadError, type UploadFieldError } from './upload-errors';

/** The multipart part that carries the file. */
export const FILE_FIELD = 'file';
/** Longest text field accepted, in bytes. */
export const MAX_FIELD_BYTES = 16 * 1024;

export interface UploadOptions {
  fileStore: FileStore;
  /** The largest file accepted, in bytes (MAX_UPLOAD_BYTES). */
  maxBytes: number;
  /** The text fields the form has, each required once. Any other field is refused. */
  fields: readonly string[];
}

export interface UploadedFile {
  /** The name the client gave, cleaned for display: data only, never a path. */
  fileName: string;
  size: number;
  sha256: string;
  /** From the file's bytes, never from its name or the client's content type. */
  mediaType: string;
  extension: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: UploadedFile;
  /**
   * The file's content, staged in the file store and not yet readable under its sha256: commit()
   * it before appending the event that references it, then keep() it; discard() it when the
   * upload is refused, so that nothing unreferenced stays.
   */
  staged: StagedFile;
}

type PartsOptions = NonNullable<Parameters<FastifyRequest['parts']>[0]>;

/**
 * Reads a multipart/form-data request part by part, in order: collects the named text fields and
 * streams the one `file` part into the file store's staging area while its first SNIFF_BYTES tell
 * its type. Throws UploadTooLargeError (413), UnsupportedFileTypeError (415), MissingFileError or
 * InvalidUploadError (400); in those refusals nothing is stored (a file staged before a refused
 * field is discarded). Errors of the file store itself are rethrown as they are. A refusal or a
 * store error stops the reading at once, so the answer comes at the cap, not after a 2 GB body
 * (or never, after one that does not end); what follows is read into nothing for a while once the
 * answer is sent (registerMultipart). The caller commits, keeps or discards the staged file (see
 * ReceivedUpload).
 */
export async function receiveUpload(request: FastifyRequest, options: UploadOptions): Promise<ReceivedUpload> {
  const { fileStore, maxBytes, fields } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError('maxBytes must be a whole number of bytes, 1 or more');
  if (fields.includes(FILE_FIELD)) throw new RangeError(`"${FILE_FIELD}" is the file part, not a text field`);
  if (typeof request.isMultipart !== 'function') throw new Error('@fastify/multipart is not registered: call registerMultipart at start-up');
  if (!request.isMultipart()) throw InvalidUploadError.of(FILE_FIELD, 'Send the form as multipart/form-data');

  const partsOptions: PartsOptions & { throwFileSizeLimit: boolean } = {
    // One byte more than the cap reaches the store, which refuses it; busboy discards the rest.
    limits: { fileSize: maxBytes + 1, fieldSize: MAX_FIELD_BYTES, parts: fields.length + 8, headerPairs: 100 },
    throwFileSizeLimit: false,
  };
  const parts = request.parts(partsOptions)[Symbol.asyncIterator]();
  const collected = new Map<string, string>();
  let file: { uploaded: UploadedFile; staged: StagedFile } | null = null;
  // The first refusal or store failure: nothing after it is read.
  let failure: Error | null = null;

  while (!failure) {
    let next: IteratorResult<MultipartFile | MultipartValue>;
    try {
      next = await parts.next();
    } catch (error) {
      failure = toUploadError(error) ?? InvalidUploadError.of(FILE_FIELD, `The multipart body could not be read (${(error as Error).message})`);
      break;
    }
    if (next.done) break;
    const part = next.value;
    if (part.type === 'file') {
      const unexpected = part.fieldname !== FILE_FIELD ? `Only one file part, named ${FILE_FIELD}, is accepted` : file ? 'Send one file per request' : null;
      if (unexpected) {
        failure = InvalidUploadError.of(part.fieldname, unexpected);
        part.file.resume(); // discarded, never stored
        break;
      }
      try {
        file = await stageFilePart(part, fileStore, maxBytes);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
    } else {
      const problem = fieldProblem(part, fields, collected);
      if (problem) failure = InvalidUploadError.of(part.fieldname, problem);
      else collected.set(part.fieldname, part.value as string);
    }
  }

  const missing: UploadFieldError[] = fields.filter((name) => !collected.has(name)).map((field) => ({ field, message: `${field} is required` }));
  if (failure || !file || missing.length) {
    if (failure) stopReading(request);
    await file?.staged.discard();
    if (failure) throw failure;
    if (!file) throw new MissingFileError(missing);
    throw new InvalidUploadError(missing);
  }
  return { fields: Object.fromEntries(collected), file: file.uploaded, staged: file.staged };
}

/**
 * How much of a multipart body left unread is still read into nothing once its answer is sent:
 * a client that reads the answer only once it has sent everything still gets it (closing at once
 * resets the connection under its writes, and the answer may be lost with it), and a short rest
 * leaves the keep-alive connection serving the next request. Past either bound the connection is
 * closed: a 2 GB body, or one that never ends, is not read to its end.
 */
export const UNREAD_BODY_LINGER = { bytes: 8 * 1024 * 1024, ms: 2_000 };

/** Registers @fastify/multipart with the configured cap; call once at start-up, before routes are added. */
export async function registerMultipart(instance: FastifyInstance, { maxBytes }: { maxBytes: number }): Promise<void> {
  // Defaults for routes that call request.file() themselves: past the cap it throws (413 via toUploadError).
  await instance.register(fastifyMultipart, { limits: { fileSize: maxBytes, fieldSize: MAX_FIELD_BYTES, parts: 100, headerPairs: 100 } });
  // A multipart body a route left unread (it refused early, or the parser gave up) would stall the
  // keep-alive connection: the next request on it is never parsed. Read the rest into nothing, within bounds.
  instance.addHook('onResponse', async (request) => lingerOnUnreadBody(request));
}

/**
 * Stops reading a multipart body now (its parser unpiped, the request paused): a route that
 * refuses an upload calls it before it answers, so the answer does not wait for the rest.
 */
export function stopReading(request: FastifyRequest): void {
  if (request.raw.complete) return;
  request.raw.unpipe();
  request.raw.pause();
}

/** Reads the rest of a multipart body into nothing, up to UNREAD_BODY_LINGER, then closes the connection if it has not ended. */
function lingerOnUnreadBody(request: FastifyRequest): void {
  const raw = request.raw;
  if (!request.isMultipart?.() || raw.complete || raw.destroyed) return;
  raw.unpipe();
  let read = 0;
  const close = () => {
    clearTimeout(timer);
    raw.off('data', count);
    if (!raw.complete) raw.socket?.destroy();
  };
  const count = (chunk: Buffer) => {
    read += chunk.length;
    if (read > UNREAD_BODY_LINGER.bytes) close();
  };
  const timer = setTimeout(close, UNREAD_BODY_LINGER.ms);
  timer.unref();
  raw.on('data', count);
  raw.once('end', () => {
    clearTimeout(timer);
    raw.off('data', count);
  });
  raw.resume();
}

function fieldProblem(part: MultipartValue, fields: readonly string[], collected: Map<string, string>): string | null {
  const name = part.fieldname;
  if (name === FILE_FIELD) return 'The file must be sent as a file part, with a filename';
  if (!fields.includes(name)) return `${name} is not a field of this request`;
  if (collected.has(name)) return `${name} is given more than once`;
  if (part.fieldnameTruncated || part.valueTruncated) return `${name} is longer than ${MAX_FIELD_BYTES} bytes`;
  if (typeof part.value !== 'string') return `${name} must be text`;
  return null;
}

/**
 * Streams one file part into the store's staging area, its type told from its head first. The
 * part's stream is never destroyed (busboy would stall on a destroyed stream): it is piped through
 * a PassThrough, and when the store or the sniffer gives up, the rest of the part is drained instead.
 */
async function stageFilePart(part: MultipartFile, fileStore: FileStore, maxBytes: number): Promise<{ uploaded: UploadedFile; staged: StagedFile }> {
  const source: Readable & { truncated?: boolean } = part.file;
  const pass = new PassThrough();
  source.on('error', (error) => pass.destroy(InvalidUploadError.of(FILE_FIELD, `The file part could not be read (${error.message})`)));
  pass.on('close', () => {
    if (source.readableEnded) return;
    source.unpipe(pass);
    source.resume();
  });
  source.pipe(pass);
  const chunks: AsyncIterator<Buffer> = pass[Symbol.asyncIterator]();
  try {
    const { head, ended } = await readHead(chunks);
    if (head.length === 0) throw InvalidUploadError.of(FILE_FIELD, 'The file is empty');
    const sniffed = sniffFileType(head);
    if (!sniffed.type) throw new UnsupportedFileTypeError(sniffed.refusal);
    const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => chunks };
    const content = (async function* () {
      yield head;
      if (!ended) yield* rest;
    })();
    const staged = await fileStore.stage(content, { maxBytes });
    if (source.truncated) {
      await staged.discard();
      throw new UploadTooLargeError(maxBytes);
    }
    const { mediaType, extension } = sniffed.type;
    const uploaded = { fileName: displayFileName(part.filename, `attachment.${extension}`), size: staged.size, sha256: staged.sha256, mediaType, extension };
    return { uploaded, staged };
  } catch (error) {
    if (error instanceof FileTooLargeError) throw new UploadTooLargeError(maxBytes);
    throw error;
  } finally {
    // Whatever happened, the part is read to its end (drained if nobody took it), so parsing goes on.
    await chunks.return?.();
  }
}

async function readHead(chunks: AsyncIterator<Buffer>): Promise<{ head: Buffer; ended: boolean }> {
  const read: Buffer[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) return { head: Buffer.concat(read), ended: true };
    read.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(read), ended: false };
}
