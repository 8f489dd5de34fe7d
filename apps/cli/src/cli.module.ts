import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '../../api/src/config/app-config';
import { RegisterAccountHandler } from '../../api/src/auth/register/register-account.command';
import { StorageModule } from '../../api/src/infrastructure/storage.module';
import { CreateStaffCommand } from './create-staff.command';
import { RebuildProjectionsCommand } from './rebuild-projections.command';
import { VerifyIntegrityCommand } from './verify-integrity.command';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [StorageModule.forRoot({ config, runProjector: false }), CqrsModule],
      providers: [RegisterAccountHandler, CreateStaffCommand, VerifyIntegrityCommand, RebuildProjectionsCommand],
    };
  }
}
