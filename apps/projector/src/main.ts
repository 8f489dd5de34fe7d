import 'reflect-metadata';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit, type AppConfig } from '@shtc/platform';
import { StorageModule } from '@shtc/storage';

@Module({})
class ProjectorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ProjectorModule, imports: [StorageModule.forRoot({ config, runProjector: true })] };
  }
}

/**
 * Production runs projections (and the outbox sender) in one process of their own, beside
 * API processes started with RUN_PROJECTOR=false.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config));
  app.enableShutdownHooks();
  new Logger('Projector').log(`Following the event log (${config.EVENT_STORE} → ${config.READ_STORE})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
