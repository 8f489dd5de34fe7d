import { existsSync } from 'node:fs';
import { CALENDAR_RECHECK_MS, DgpaCalendarCsvError, loadDgpaCalendar } from '@shtc/reference-data';
import { Command, CommandRunner, Option } from 'nest-commander';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Loads one year of the DGPA office calendar CSV (政府行政機關辦公日曆表, data.gov.tw dataset 14718)
 * into REFERENCE_DATA_DIR/taiwan-calendar.json, the calendar the review clock counts with (R-REV-4).
 * A malformed file is refused naming its line, and nothing is written; the same file twice changes nothing.
 */
@Command({
  name: 'load-calendar',
  aliases: ['import-calendar'],
  description: "Load a year of the DGPA office calendar CSV into REFERENCE_DATA_DIR's taiwan-calendar.json",
})
export class LoadCalendarCommand extends CommandRunner {
  async run(_: string[], options: { file: string }): Promise<void> {
    if (!existsSync(options.file)) throw new Error(`--file ${options.file}: no such file`);
    let result: ReturnType<typeof loadDgpaCalendar>;
    try {
      result = loadDgpaCalendar(options.file);
    } catch (error) {
      if (error instanceof DgpaCalendarCsvError) throw new Error(`${options.file}: ${error.message}; nothing was loaded`);
      throw error;
    }
    const days = `${plural(result.daysOffOnWeekdays, 'weekday day off', 'weekday days off')}, ${plural(result.workingWeekendDays, 'working weekend day', 'working weekend days')}`;
    if (result.change === 'unchanged') {
      const where = result.createdFromShipped ? `the shipped calendar has it already; nothing written to ${result.file}` : `nothing written to ${result.file}`;
      console.log(`${result.year}: unchanged (${days}); ${where}`);
      return;
    }
    const created = result.createdFromShipped ? ', created from the shipped calendar' : '';
    console.log(`${result.year}: ${result.change} (${days}; read as ${result.encoding}) in ${result.file}${created}`);
    for (const line of result.removed) console.log(`  - ${line}`);
    for (const line of result.added) console.log(`  + ${line}`);
    console.log(`Years loaded: ${result.years.join(', ')}`);
    console.log(
      `A running server and projector count with it within ${CALENDAR_RECHECK_MS / 1000} s. Due dates already stored are recomputed ` +
        `at each case's next status change, or all at once by: npm run cli -- rebuild-projections --name case-status`,
    );
  }

  @Option({ flags: '--file <csv>', description: 'the DGPA CSV: 西元日期,星期,是否放假,備註 (UTF-8, UTF-8 with BOM or Big5)', required: true })
  parseFile(value: string): string {
    return value;
  }
}
