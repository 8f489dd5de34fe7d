import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationsModule } from '../applications/applications.module';
import { LicencesModule } from '../licences/licences.module';
import { ApproveController } from './approve/approve.controller';
import { AssignmentController } from './assignment/assignment.controller';
import { ReviewDecisionsController } from './decisions/review-decisions.controller';
import { ReviewCommands } from './review-commands';
import { ReviewCaseController } from './view/review-case.controller';
import { ReviewCaseView } from './view/review-case-view';
import { ReviewDecisions } from './decisions/review-decisions';
import { Assignments } from './assignment/assignments';
import { Approvals } from './approve/approvals';

/** The reviewer's side (R-REV): the case view, assignment, decisions, and approval with its licence; the console uses the same services. */
@Module({
  imports: [CqrsModule, ApplicationsModule, LicencesModule],
  controllers: [ReviewCaseController, AssignmentController, ReviewDecisionsController, ApproveController],
  providers: [ReviewCommands, ReviewCaseView, ReviewDecisions, Assignments, Approvals],
  exports: [ReviewCaseView, ReviewDecisions, Assignments, Approvals],
})
export class ReviewModule {}
