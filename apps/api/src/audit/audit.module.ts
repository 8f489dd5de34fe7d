import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { CaseStateController } from './case-state/case-state.controller';
import { CaseTimelineController } from './case-timeline/case-timeline.controller';
import { CaseTimelines } from './case-timeline/case-timelines';
import { TimelineExports } from './case-timeline/timeline-exports';
import { CaseStates } from './case-state/case-states';
import { StreamEventsController } from './stream-events/stream-events.controller';

/**
 * The auditor's side (R-ACC-5: auditors read everything and change nothing): every event of a
 * stream with its envelope, a case's timeline in both languages (and as CSV and PDF), and a case as it
 * stood at any revision or moment. Every route is a GET for AUDITOR and ADMIN.
 */
@Module({
  imports: [ApplicationsModule],
  controllers: [StreamEventsController, CaseTimelineController, CaseStateController],
  providers: [CaseTimelines, TimelineExports, CaseStates],
  exports: [CaseTimelines, TimelineExports, CaseStates],
})
export class AuditModule {}
