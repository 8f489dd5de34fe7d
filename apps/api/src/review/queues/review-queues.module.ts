import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LicencesModule } from '../../licences/licences.module';
import { NextCaseController } from './next-case.controller';
import { ReviewQueuesController } from './review-queues.controller';
import { ReviewQueues } from './review-queues';
import { NextCase } from './next-case';

/**
 * The reviewer queues and "next case" (issue 8 items 1 and 3); claims go through OnCase
 * (ApplicationsModule); overdue close-outs come from the licence register (LicencesModule).
 */
@Module({
  imports: [CqrsModule, LicencesModule],
  controllers: [ReviewQueuesController, NextCaseController],
  providers: [ReviewQueues, NextCase],
  exports: [ReviewQueues, NextCase],
})
export class ReviewQueuesModule {}
