import { HttpException, HttpStatus } from '@nestjs/common';
import { toUploadError } from '@shtc/attachments';
import { PDF_INSTALL_HINT, PdfTimeoutError, PdfUnavailableError } from '@shtc/documents';
import { RefusalError, type RefusalKind } from '@shtc/domain';
import { WrongExpectedRevisionError } from '@shtc/event-store';
import { storageFailure } from '@shtc/platform';
import { InvalidCursorError } from '@shtc/read-store';

export interface FieldError {
  field: string;
  message: string;
  rule?: string;
}

/** RFC 9457 problem details, with our `rule` and field `errors` (api.md). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  rule?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** An answer given again for a repeated Idempotency-Key, exactly as the first time. */
export class ReplayedResponse extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType: string | null,
  ) {
    super('Replayed response');
  }
}

const KIND_STATUS: Record<RefusalKind, number> = {
  INVALID: HttpStatus.BAD_REQUEST,
  RULE: HttpStatus.UNPROCESSABLE_ENTITY,
  CONFLICT: HttpStatus.CONFLICT,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  FORBIDDEN: HttpStatus.FORBIDDEN,
};

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Too large',
  414: 'URL too long',
  415: 'Unsupported media type',
  422: 'Refused by a rule',
  429: 'Too many requests',
  431: 'Headers too large',
  500: 'Internal error',
  503: 'Not ready',
};

export function problem(status: number, detail?: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: extra.rule ? `https://shtc.example/rules/${extra.rule}` : 'about:blank',
    title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

/** How long a client waits before sending a command the full or read-only disk refused again. */
const STORAGE_RETRY_AFTER_S = 30;

/** Maps anything a handler throws to a problem; unknown errors become an opaque 500. */
export function toProblem(error: unknown): Problem {
  if (error instanceof RefusalError) {
    const { rule, message, kind, issues, details } = error.refusal;
    // Details (a case's status and the actions open now) travel as extension members of the problem.
    return problem(KIND_STATUS[kind], message, { ...details, rule, ...(issues.length > 0 ? { errors: issues } : {}) });
  }
  if (error instanceof WrongExpectedRevisionError) {
    return problem(409, 'Someone else changed this record at the same time; read it again and retry');
  }
  const upload = toUploadError(error);
  if (upload) return problem(upload.status, upload.message, { errors: upload.errors });
  // Without a working Chromium only the documents are unavailable: say what to install.
  if (error instanceof PdfUnavailableError) {
    return problem(503, error.message, { title: 'Documents unavailable', install: PDF_INSTALL_HINT });
  }
  if (error instanceof PdfTimeoutError) return problem(503, error.message, { title: 'Documents unavailable', retryAfter: 5 });
  // The disk is full or not writable: the request may be sent again once it is (with its Idempotency-Key, safely).
  if (storageFailure(error)) {
    return problem(503, 'The service cannot store anything right now (its disk is full or not writable); try again later', {
      title: 'Storage unavailable',
      retryAfter: STORAGE_RETRY_AFTER_S,
    });
  }
  if (error instanceof InvalidCursorError) {
    return problem(400, error.message, { errors: [{ field: 'cursor', message: error.message }] });
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    if (typeof response === 'object' && response !== null) {
      // A whole problem built by its handler leaves as it is: the readiness answer names each store's state.
      if (isProblem(response, status)) return response;
      const { message, rule, errors, retryAfter } = response as Record<string, unknown>;
      const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
      return problem(status, detail, {
        ...(typeof rule === 'string' ? { rule } : {}),
        ...(Array.isArray(errors) ? { errors: errors as FieldError[] } : {}),
        ...(typeof retryAfter === 'number' ? { retryAfter } : {}),
      });
    }
    return problem(status, String(response));
  }
  return problem(500, 'Something went wrong on our side; it has been logged');
}

function isProblem(response: object, status: number): response is Problem {
  const { type, title, status: stated } = response as Partial<Problem>;
  return typeof type === 'string' && typeof title === 'string' && stated === status;
}
