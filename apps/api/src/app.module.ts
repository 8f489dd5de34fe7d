import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApplicationsModule } from './applications/applications.module';
import { AuditModule } from './audit/audit.module';
import { AuditIntegrityModule } from './audit/integrity/audit-integrity.module';
import { AuthModule } from './auth/auth.module';
import { ConsoleModule } from './console/console.module';
import { LicencesModule } from './licences/licences.module';
import { ReviewModule } from './review/review.module';
import { PrecedentsModule } from './review/precedents/precedents.module';
import { ScreeningModule } from './review/screening/screening.module';
import { StatisticsModule } from './statistics/statistics.module';
import type { AppConfig } from '@shtc/platform';
import { HealthController } from './health/health.controller';
import { HttpConventionsModule } from './http/http-conventions.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ReviewQueuesModule } from './review/queues/review-queues.module';
import { StorageModule } from '@shtc/storage';
import { DocumentsModule } from '@shtc/documents';
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
        StorageModule.forRoot({ config, clock, runProjector: config.RUN_PROJECTOR }),
        DocumentsModule.forRoot({ chromiumPath: config.CHROMIUM_PATH }),
        AuthModule,
        ApplicationsModule,
        ReviewModule,
        ReviewQueuesModule,
        ScreeningModule,
        PrecedentsModule,
        LicencesModule,
        AuditModule,
        AuditIntegrityModule,
        StatisticsModule,
        ConsoleModule,
        // After AuthModule: its access guard runs first and names the account keys are scoped to.
        HttpConventionsModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
