import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessPolicy, CaseNumbers } from '@shtc/commands';
import { Assurances, AssurancesController, OnAssuranceHandler, UnlockAssuranceController } from '../assurances/assurances';
import { DraftsController } from '../drafts/drafts.controller';
import { AssuranceDocumentController } from '../assurances/assurance-document/assurance-document.controller';
import { AttachmentsController } from './attachments/attachments.controller';
import { CaseAttachments } from './attachments/case-attachments';
import { CancelApplicationController } from './cancel-application/cancel-application';
import { CaseDocumentsController } from './documents/case-documents.controller';
import { CaseDocuments } from './documents/case-documents';
import { CASE_POLICY, loadCasePolicy } from './case-policy';
import { Cases, OnCaseHandler, caseKindProvider } from './cases';
import { EditApplicationController } from './edit-application/edit-application';
import { FileApplicationHandler } from './file-application/file-application.command';
import { FileApplicationController } from './file-application/file-application.controller';
import { DownloadItemsSheetController } from './items-sheets/download-items-sheet.controller';
import { ParseItemsSheetController } from './items-sheets/parse-items-sheet.controller';
import { ProvideSupplementController } from './provide-supplement/provide-supplement';
import { ReferenceDataController } from './reference-data/reference-data.controller';
import { SubmitApplicationController } from './submit-application/submit-application';
import { ViewApplicationController } from './view-application/view-application.controller';
import { ApplicantCases } from './view-application/applicant-cases';
import { ApplicantCommands } from './applicant-commands';
import { ScreeningListsModule } from '../review/screening/screening-lists.module';

/** Applicant flows: file, edit, attach, submit, cancel and follow a case; goods sheets; drafts; assurances (R-NEW, R-EXEMPT, R-IRNK, R-BULK). */
@Module({
  imports: [CqrsModule, ScreeningListsModule],
  controllers: [
    FileApplicationController,
    AttachmentsController,
    ViewApplicationController,
    EditApplicationController,
    SubmitApplicationController,
    CancelApplicationController,
    ProvideSupplementController,
    ReferenceDataController,
    DownloadItemsSheetController,
    ParseItemsSheetController,
    DraftsController,
    CaseDocumentsController,
    AssurancesController,
    AssuranceDocumentController,
    UnlockAssuranceController,
  ],
  providers: [
    { provide: CASE_POLICY, useFactory: loadCasePolicy },
    caseKindProvider,
    AccessPolicy,
    CaseNumbers,
    Cases,
    OnCaseHandler,
    FileApplicationHandler,
    Assurances,
    OnAssuranceHandler,
    CaseAttachments,
    CaseDocuments,
    ApplicantCases,
    ApplicantCommands,
  ],
  exports: [Cases, CaseNumbers, AccessPolicy, caseKindProvider.provide, CASE_POLICY, CaseAttachments, CaseDocuments, ApplicantCases, ApplicantCommands],
})
export class ApplicationsModule {}
