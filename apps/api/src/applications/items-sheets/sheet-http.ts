import { HttpException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { InvalidUploadError, MissingFileError, UploadTooLargeError, stopReading, toUploadError, FILE_FIELD } from '@shtc/attachments';
import { SHEET_MEDIA_TYPES, SheetRefusedError, type SheetFormat } from '@shtc/sheets';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The uploaded sheet, in memory: a goods sheet is small (a 999-line one is about 1 MB), is read
 * once and is never stored, so it does not go through the file store as attachments do. Past
 * `maxBytes` it is 413 at once, nothing more read; without a `file` part, 400.
 */
export async function receiveSheet(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw InvalidUploadError.of(FILE_FIELD, 'Send the sheet as multipart/form-data, in a part named file');
  let part;
  try {
    part = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 8, parts: 9 }, throwFileSizeLimit: true });
  } catch (error) {
    throw toUploadError(error) ?? InvalidUploadError.of(FILE_FIELD, 'The multipart body could not be read');
  }
  if (!part) throw new MissingFileError();
  if (part.fieldname !== FILE_FIELD) {
    part.file.resume();
    throw InvalidUploadError.of(part.fieldname, `Send the sheet in the part named ${FILE_FIELD}`);
  }
  const file = await readWithin(request, part.file, maxBytes);
  if (file.length === 0) throw InvalidUploadError.of(FILE_FIELD, 'The file is empty');
  return file;
}

/**
 * The file part's bytes, or 413 the moment it passes `maxBytes` (busboy's `limit`), the rest of
 * the body left unread: @fastify/multipart's toBuffer reads a truncated part to its end first,
 * which for a 2 GB body is 2 GB read before the answer.
 */
function readWithin(request: FastifyRequest, stream: Readable & { truncated?: boolean }, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const refuse = (error: unknown) => {
      if (settled) return;
      settled = true;
      stopReading(request);
      stream.resume();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('limit', () => refuse(new UploadTooLargeError(maxBytes)));
    stream.once('error', (error) => refuse(toUploadError(error) ?? InvalidUploadError.of(FILE_FIELD, 'The multipart body could not be read')));
    stream.once('end', () => {
      if (stream.truncated) return refuse(new UploadTooLargeError(maxBytes));
      if (!settled) {
        settled = true;
        resolve(Buffer.concat(chunks));
      }
    });
  });
}

/** A sheet refusal as the problem api.md gives it: its status, the rule, and every faulty cell in `errors`. */
export function sheetProblem(error: unknown): unknown {
  if (!(error instanceof SheetRefusedError)) return error;
  return new HttpException(
    {
      message: error.message,
      ...(error.rule ? { rule: error.rule } : {}),
      errors: error.issues.length > 0 ? error.issues : [{ field: FILE_FIELD, message: error.message }],
      ...(error.status === 503 ? { retryAfter: 2 } : {}),
    },
    error.status,
  );
}

/** Sends a written sheet as a download named `fileName`. */
export async function sendSheet(reply: FastifyReply, bytes: Uint8Array, format: SheetFormat, fileName: string, cache: 'private' | 'no-store'): Promise<void> {
  await reply
    .header('Content-Type', SHEET_MEDIA_TYPES[format])
    .header('Content-Disposition', `attachment; filename="${fileName}"`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', cache === 'private' ? 'private, max-age=3600' : 'no-store')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
