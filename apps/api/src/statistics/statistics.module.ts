import { Module } from '@nestjs/common';
import { StatisticsController } from './statistics.controller';
import { StatisticsReader } from './statistics-reader';

/** GET /statistics, .csv and .xlsx (issue 14): REVIEWER, AUDITOR and ADMIN. */
@Module({
  controllers: [StatisticsController],
  providers: [StatisticsReader],
})
export class StatisticsModule {}
