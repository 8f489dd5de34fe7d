import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationsModule } from '../applications/applications.module';
import { AuditModule } from '../audit/audit.module';
import { AuditIntegrityModule } from '../audit/integrity/audit-integrity.module';
import { AuthModule } from '../auth/auth.module';
import { PrecedentsModule } from '../review/precedents/precedents.module';
import { ReviewQueuesModule } from '../review/queues/review-queues.module';
import { ReviewModule } from '../review/review.module';
import { ScreeningModule } from '../review/screening/screening.module';
import { ApplicantCasePage } from './applicant/applicant-case-page';
import { ApplicantListPage } from './applicant/applicant-list-page';
import { ConsoleApplicantController } from './applicant/console-applicant.controller';
import { ConsoleDocumentsController } from './cases/console-documents.controller';
import { AuditCasePage } from './audit/audit-case-page';
import { ConsoleAuditController } from './audit/console-audit.controller';
import { ConsoleReviewController } from './review/console-review.controller';
import { QueuePage } from './review/queue-page';
import { ReviewCasePage } from './review/review-case-page';
import { ReviewerActions } from './review/reviewer-actions';
import { ConsoleAuthController } from './auth/console-auth.controller';
import { ConsoleErrorsFilter } from './http/console-errors.filter';
import { ConsolePages } from './http/console-pages';
import { ConsoleViews } from './http/console-views';
import { ConsoleCsrf, ConsoleCsrfGuard } from './http/csrf';
import { ConsoleWrites } from './http/console-writes';

/**
 * The web console under /console (issue 13): server-rendered pages for reviewers, auditors and
 * applicants over the same services the API's controllers call, and the same sessions.
 */
@Module({
  imports: [CqrsModule, AuthModule, ApplicationsModule, ReviewModule, ReviewQueuesModule, ScreeningModule, PrecedentsModule, AuditModule, AuditIntegrityModule],
  controllers: [ConsoleAuthController, ConsoleReviewController, ConsoleApplicantController, ConsoleAuditController, ConsoleDocumentsController],
  providers: [
    // Read and compiled at start-up: a view missing from the build stops the process with its name.
    { provide: ConsoleViews, useFactory: () => ConsoleViews.load() },
    ConsoleCsrf,
    ConsoleCsrfGuard,
    ConsoleWrites,
    ConsolePages,
    ConsoleErrorsFilter,
    QueuePage,
    ReviewCasePage,
    ReviewerActions,
    ApplicantListPage,
    ApplicantCasePage,
    AuditCasePage,
  ],
})
export class ConsoleModule {}
