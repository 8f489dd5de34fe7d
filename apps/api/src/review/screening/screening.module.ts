import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationsModule } from '../../applications/applications.module';
import { ScreeningController } from './screening.controller';
import { ScreeningDispositions } from './screening-dispositions';

/** Reviewer routes of screening (R-REV-7): the hits of a case, and their disposition. */
@Module({
  imports: [CqrsModule, ApplicationsModule],
  controllers: [ScreeningController],
  providers: [ScreeningDispositions],
  exports: [ScreeningDispositions],
})
export class ScreeningModule {}
