import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from './problem';

/**
 * Errors Fastify answers before routing, so before Nest's exception filter can see them (a
 * malformed escape in the URL, a route parameter over maxParamLength): the `frameworkErrors`
 * option of the adapter. They leave as problem+json like every other error (api.md).
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 500;
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The URL is not valid: a % must start an escape of UTF-8 bytes, such as %20'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A part of the URL is longer than any identifier of this API'
        : 'The request could not be routed';
  // Set here: the app's onSend hook (bootstrap.ts) does not run for an unrouted request.
  reply.header('X-Request-Id', request.id);
  reply.status(status).header('Content-Type', 'application/problem+json').send(JSON.stringify(problem(status, detail)));
}

/**
 * Requests Node's HTTP parser refuses (a malformed request line or header, headers too large, a
 * request too slow) never become a request: Fastify's `clientErrorHandler` writes the answer on
 * the socket. Ours is Fastify's default with a problem+json body.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A connection reset has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request took too long to arrive']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request headers are too large']
        : [400, 'The request is not valid HTTP'];
  const body = JSON.stringify(problem(status, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
