import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../../applications/applications.module';
import { PrecedentsController } from './precedents.controller';

/** Reviewer route: earlier decisions on the same parties or goods. */
@Module({
  imports: [ApplicationsModule],
  controllers: [PrecedentsController],
})
export class PrecedentsModule {}
