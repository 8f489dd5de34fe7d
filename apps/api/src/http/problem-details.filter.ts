import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { StorageFailureLog, storageFailure } from '@shtc/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReplayedResponse, toProblem } from './problem';

/** Every error leaves as application/problem+json (RFC 9457). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly storageFailures: StorageFailureLog) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof ReplayedResponse) {
      reply.status(error.status).header('Idempotent-Replayed', 'true');
      if (error.contentType) reply.header('Content-Type', error.contentType);
      reply.send(error.body === undefined ? undefined : JSON.stringify(error.body));
      return;
    }
    const body = toProblem(error);
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    // A full disk fails every command alike: logged once an outage, not once a request.
    if (storageFailure(error)) this.storageFailures.report(`${request.method} ${request.routeOptions?.url ?? request.url} (request ${request.id})`, error);
    // With the request's id (its own logger). Not a 503 a handler answered on purpose (not ready,
    // read models behind): the request's own line says it, and a probe would repeat it all day.
    else if (body.status >= 500 && !(error instanceof HttpException && body.status === 503)) request.log.error({ err: error }, 'request failed');
    if (typeof body.retryAfter === 'number') reply.header('Retry-After', String(body.retryAfter));
    reply.status(body.status).header('Content-Type', 'application/problem+json').send(JSON.stringify(body));
  }
}
