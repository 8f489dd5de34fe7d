import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Inject } from '@nestjs/common';
import { caseCodec, makeCaseDecider } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';
import { ProjectionCatalog, READ_STORE, type ReadStore } from '@shtc/read-store';
import { exportRules } from '@shtc/reference-data';
import { ScreeningLists, parseScreeningList, screenCasesInReview } from '@shtc/screening';
import { Command, CommandRunner, Option } from 'nest-commander';

interface ImportOptions {
  source?: string;
  file?: string;
  wait?: number;
}

/**
 * R-REV-7: loads a denied-party or sanctions list from CSV, replacing the earlier version of that
 * list, then screens every case in review again (a `ScreenParties` command on each, as ADMIN).
 */
@Command({
  name: 'import-screening-list',
  aliases: ['load-screening-list'],
  arguments: '[file]',
  description: 'Load a screening list (CSV: name,aliases,country,source,listDate; aliases separated by ;) and screen the cases in review again',
})
export class ImportScreeningListCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalog: ProjectionCatalog,
  ) {
    super();
  }

  async run([positional]: string[], options: ImportOptions): Promise<void> {
    const file = options.file ?? positional;
    if (!file) throw new Error('Name the CSV file: import-screening-list [--source NAME] FILE.csv');
    const version = parseScreeningList(readFileSync(file), { source: options.source });
    const lists = new ScreeningLists(this.events);
    const context = {
      actor: { accountId: 'cli', role: 'ADMIN', businessId: 'CLI' },
      now: this.clock.now(),
      correlationId: `cli-import-screening-list-${Date.now()}`,
    };
    const loaded = await lists.load(version, basename(file), context);
    console.log(
      loaded.changed
        ? `Loaded ${loaded.label}: ${loaded.entryCount} entries (position ${loaded.position})`
        : `${loaded.label} is the list loaded already: ${loaded.entryCount} entries`,
    );
    const run = await screenCasesInReview({
      events: this.events,
      store: this.store,
      catalog: this.catalog,
      lists,
      caseKind: { codec: caseCodec, decider: makeCaseDecider(exportRules()) },
      context,
      // Every case submitted before now is in the case list once it has caught up with the log.
      after: await this.events.headPosition(),
      waitMs: (options.wait ?? 30) * 1000,
    });
    console.log(`Screened ${run.cases} case(s) in review: ${run.newHits} new hit(s) on ${run.flagged} case(s)${run.skipped ? `, ${run.skipped} left review meanwhile` : ''}`);
  }

  @Option({ flags: '--source <name>', description: "the list's name (its stream screening-list-<name>); default: the one source its rows name" })
  parseSource(value: string): string {
    return value;
  }

  @Option({ flags: '--file <file>', description: 'the CSV file (or give it as the argument)' })
  parseFile(value: string): string {
    return value;
  }

  @Option({ flags: '--wait <seconds>', description: 'how long to wait for the case list to catch up (default 30)' })
  parseWait(value: string): number {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error('--wait must be a number of seconds');
    return seconds;
  }
}
