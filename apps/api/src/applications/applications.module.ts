import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Assurances, AssurancesController, UnlockAssuranceController } from '../assurances/assurances';
import { DraftsController } from '../drafts/drafts.controller';
import { AttachmentsController } from './attachments/attachments.controller';
import { CancelApplicationController, CancelApplicationHandler } from './cancel-application/cancel-application';
import { CaseNumbers } from './case-numbers';
import { CASE_POLICY, loadCasePolicy } from './case-policy';
import { Cases } from './cases';
import { EditApplicationController, EditApplicationHandler } from './edit-application/edit-application';
import { FileApplicationHandler } from './file-application/file-application.command';
import { FileApplicationController } from './file-application/file-application.controller';
import { ReferenceDataController } from './reference-data/reference-data.controller';
import { SubmitApplicationController, SubmitApplicationHandler } from './submit-application/submit-application';
import { ViewApplicationController } from './view-application/view-application.controller';

/** Applicant flows: file, edit, attach, submit, cancel and follow a case; drafts; assurances (R-NEW, R-EXEMPT, R-IRNK). */
@Module({
  imports: [CqrsModule],
  controllers: [
    FileApplicationController,
    AttachmentsController,
    ViewApplicationController,
    EditApplicationController,
    SubmitApplicationController,
    CancelApplicationController,
    ReferenceDataController,
    DraftsController,
    AssurancesController,
    UnlockAssuranceController,
  ],
  providers: [
    { provide: CASE_POLICY, useFactory: loadCasePolicy },
    Cases,
    CaseNumbers,
    Assurances,
    FileApplicationHandler,
    EditApplicationHandler,
    SubmitApplicationHandler,
    CancelApplicationHandler,
  ],
})
export class ApplicationsModule {}
