import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A caller's X-Request-Id if it looks sane, else a fresh one; it is echoed and logged. */
export function requestId(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Fastify's own pino logger, with request ids (`reqId`); credentials and tokens never reach the
 * log. Not nestjs-pino: its request context is an AsyncLocalStorage, which puts async_hooks on
 * every promise of the process and cost about a third of a simple request's time. Fastify's own
 * request lines are off: logRequests writes one per request, its level by status.
 */
export function fastifyLogging(level: string): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  return { logger: loggerOptions(level), logController: new LogController({ disableRequestLogging: true }) };
}

function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]', '*.password', '*.newPassword', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/token=[^&]+/g, 'token=[redacted]') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * One line per answered request, at error for 5xx and warn for 4xx (with its id, method, url,
 * status, time). A 503 is a warning: the service said when to come back (a full disk, documents
 * without Chromium), and whatever caused it is logged once on its own.
 */
export function logRequests(instance: FastifyInstance): void {
  instance.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const level = status >= 500 && status !== 503 ? 'error' : status >= 400 ? 'warn' : 'info';
    request.log[level]({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
}

/** Nest's logger (start-up, stores, projections, outbox) writing to the same pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: FastifyBaseLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?).
    const [stack, ...context] = rest.length >= 2 || (typeof rest[0] === 'string' && rest[0].includes('\n')) ? rest : [undefined, ...rest];
    this.write('error', message, context, typeof stack === 'string' ? { stack } : {});
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[], extra: object = {}): void {
    const context = rest.find((r) => typeof r === 'string');
    const fields = { ...(context ? { context } : {}), ...extra };
    if (typeof message === 'string') this.logger[level](fields, message);
    else this.logger[level]({ ...fields, detail: message });
  }
}
