import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../../applications/applications.module';
import { PrecedentsController } from './precedents.controller';
import { Precedents } from './precedents';

/** Reviewer route: earlier decisions on the same parties or goods. */
@Module({
  imports: [ApplicationsModule],
  controllers: [PrecedentsController],
  providers: [Precedents],
  exports: [Precedents],
})
export class PrecedentsModule {}
