import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConsoleAuthController } from './auth/console-auth.controller';
import { ConsoleErrorsFilter } from './http/console-errors.filter';
import { ConsolePages } from './http/console-pages';
import { ConsoleViews } from './http/console-views';
import { ConsoleCsrf, ConsoleCsrfGuard } from './http/csrf';

/**
 * The web console under /console (issue 13): server-rendered pages for reviewers, auditors and
 * applicants over the same services the API's controllers call, and the same sessions.
 */
@Module({
  imports: [AuthModule],
  controllers: [ConsoleAuthController],
  providers: [
    // Read and compiled at start-up: a view missing from the build stops the process with its name.
    { provide: ConsoleViews, useFactory: () => ConsoleViews.load() },
    ConsoleCsrf,
    ConsoleCsrfGuard,
    ConsolePages,
    ConsoleErrorsFilter,
  ],
})
export class ConsoleModule {}
