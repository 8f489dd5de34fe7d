import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from '@shtc/platform';
import { HealthController } from './health/health.controller';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ReadYourWritesInterceptor } from './http/read-your-writes.interceptor';
import { loggerOptions } from './http/logging';
import { StorageModule } from '@shtc/storage';
import type { Clock } from '@shtc/platform';

export interface AppOptions {
  config: AppConfig;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, clock }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config.LOG_LEVEL)),
        StorageModule.forRoot({ config, clock, runProjector: config.RUN_PROJECTOR }),
        AuthModule,
        ApplicationsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Order matters: read-your-writes waits before the handler; idempotency wraps the command.
        { provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
