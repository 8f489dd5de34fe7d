import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@shtc/platform';
import { StorageModule } from '@shtc/storage';
import { CreateStaffCommand } from './create-staff.command';
import { LoadCalendarCommand } from './load-calendar.command';
import { MailDeadLettersCommand } from './mail-dead-letters.command';
import { ImportScreeningListCommand } from './import-screening-list.command';
import { RebuildProjectionsCommand } from './rebuild-projections.command';
import { StatisticsCommand } from './statistics.command';
import { VerifyIntegrityCommand } from './verify-integrity.command';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [StorageModule.forRoot({ config, runProjector: false })],
      providers: [CreateStaffCommand, VerifyIntegrityCommand, RebuildProjectionsCommand, LoadCalendarCommand, ImportScreeningListCommand, MailDeadLettersCommand, StatisticsCommand],
    };
  }
}
