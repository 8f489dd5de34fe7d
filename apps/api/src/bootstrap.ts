import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { registerMultipart } from '@shtc/attachments';
import { AppModule, type AppOptions } from './app.module';
import { registerConsoleHttp } from './console/http/console-http';
import { answerClientError, answerFrameworkError } from './http/framework-errors';
import { IdempotencyGuard } from './http/idempotency.interceptor';
import { registerJsonBodyParser } from './http/json-body';
import { NestPinoLogger, fastifyLogging, logRequests, requestId } from './http/logging';
import { validationPipe } from './http/validation';

/** Builds the HTTP application (not yet listening); main.ts and the e2e tests share it. */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    genReqId: (request: { headers: Record<string, unknown> }) => requestId(request.headers['x-request-id']),
    bodyLimit: 2 * 1024 * 1024,
    // request.ip is the client's address from X-Forwarded-For only when a named proxy sent it.
    trustProxy: options.config.trustedProxies,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    ...fastifyLogging(options.config.LOG_LEVEL),
  });
  // Nest's own body parsers are off: the API speaks JSON (and multipart for uploads), and JSON
  // bodies go through one parser that refuses what would break the code that walks them.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, { bufferLogs: true, bodyParser: false });
  registerJsonBodyParser(app.getHttpAdapter().getInstance());
  await registerMultipart(app.getHttpAdapter().getInstance(), { maxBytes: options.config.MAX_UPLOAD_BYTES });
  await registerConsoleHttp(app.getHttpAdapter().getInstance());
  app.useLogger(new NestPinoLogger(app.getHttpAdapter().getInstance().log));
  logRequests(app.getHttpAdapter().getInstance());
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const idempotency = app.get(IdempotencyGuard);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply, payload) => {
      reply.header('X-Request-Id', request.id);
      return idempotency.onSend(request, reply, payload);
    });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('SHTC export licences')
      .setDescription(
        'Event-sourced case management for Taiwan\'s Strategic High-Tech Commodities export licences. ' +
          'Errors are application/problem+json with the rule of domain.md that refused the request.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The token from POST /auth/login' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
