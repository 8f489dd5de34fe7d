import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { loadConfigOrExit } from '@shtc/platform';
import { CliModule } from './cli.module';

/** `npm run cli -- <command>`: the same DATA_DIR and stores as the server. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      console.error(error.message);
      process.exit(2);
    },
    serviceErrorHandler: (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
