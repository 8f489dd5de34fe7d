import { FileTooLargeError } from './file-store.port';
import { NOT_ACCEPTED } from './file-type';

export interface UploadFieldError {
  field: string;
  message: string;
}

/** Why an upload was refused: an HTTP status (api.md: 400, 413, 415) and the fields at fault. */
export class UploadError extends Error {
  readonly errors: UploadFieldError[];

  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    errors: UploadFieldError[] = [{ field: 'file', message }],
  ) {
    super(message);
    this.name = new.target.name;
    this.errors = errors;
  }
}

/** 413: the file passed the configured cap; nothing was stored. */
export class UploadTooLargeError extends UploadError {
  constructor(readonly maxBytes?: number) {
    super(413, maxBytes === undefined ? 'The file is too large' : `The file is larger than ${describeBytes(maxBytes)}, the most accepted`);
  }
}

/** 415: its bytes are of no accepted type (whatever its name or declared type); nothing was stored. */
export class UnsupportedFileTypeError extends UploadError {
  constructor(message = NOT_ACCEPTED) {
    super(415, message);
  }
}

/** 400: no `file` part (and maybe required fields missing too). */
export class MissingFileError extends UploadError {
  constructor(otherErrors: UploadFieldError[] = []) {
    super(400, 'Attach the file as a multipart part named file', [{ field: 'file', message: 'Attach the file as a multipart part named file' }, ...otherErrors]);
  }
}

/** 400: a field missing, unknown, repeated or too long; an empty file; a body that is not a readable multipart form. */
export class InvalidUploadError extends UploadError {
  constructor(errors: UploadFieldError[]) {
    super(400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }

  static of(field: string, message: string): InvalidUploadError {
    return new InvalidUploadError([{ field, message }]);
  }
}

/** The @fastify/multipart errors (by code) a route using request.file() or parts() may meet, as upload errors. */
const MULTIPART_ERRORS: Record<string, () => UploadError> = {
  FST_REQ_FILE_TOO_LARGE: () => new UploadTooLargeError(),
  FST_PARTS_LIMIT: () => InvalidUploadError.of('file', 'The form has too many parts'),
  FST_FILES_LIMIT: () => InvalidUploadError.of('file', 'Send one file'),
  FST_FIELDS_LIMIT: () => InvalidUploadError.of('file', 'The form has too many fields'),
  FST_PROTO_VIOLATION: () => InvalidUploadError.of('file', 'A field name is not allowed'),
  FST_INVALID_JSON_FIELD_ERROR: () => InvalidUploadError.of('file', 'A field declared as JSON is not valid JSON'),
  FST_INVALID_MULTIPART_CONTENT_TYPE: () => InvalidUploadError.of('file', 'Send the form as multipart/form-data'),
};

/** The upload error an error stands for (for the problem+json mapping), or null when it is none. */
export function toUploadError(error: unknown): UploadError | null {
  if (error instanceof UploadError) return error;
  if (error instanceof FileTooLargeError) return new UploadTooLargeError(error.maxBytes);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in MULTIPART_ERRORS ? MULTIPART_ERRORS[code]() : null;
}

function describeBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MB (${bytes} bytes)`;
  return `${bytes} bytes`;
}
