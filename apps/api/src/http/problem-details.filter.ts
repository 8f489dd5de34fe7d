import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ReplayedResponse, toProblem } from './problem';

/** Every error leaves as application/problem+json (RFC 9457). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof ReplayedResponse) {
      reply.status(error.status).header('Idempotent-Replayed', 'true');
      if (error.contentType) reply.header('Content-Type', error.contentType);
      reply.send(error.body === undefined ? undefined : JSON.stringify(error.body));
      return;
    }
    const body = toProblem(error);
    if (body.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    if (typeof body.retryAfter === 'number') reply.header('Retry-After', String(body.retryAfter));
    reply.status(body.status).header('Content-Type', 'application/problem+json').send(JSON.stringify(body));
  }
}
