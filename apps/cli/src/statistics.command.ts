import { Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { GROUPINGS, parseStatisticsQuery, replayStatistics } from '@shtc/projections';
import { statisticsReferenceData } from '@shtc/storage';
import { Command, CommandRunner, Option } from 'nest-commander';

interface StatisticsOptions {
  from?: string;
  to?: string;
  by?: string;
  position?: string;
}

/**
 * The statistics of GET /statistics recomputed from the events alone (issue 14): the whole log
 * replayed in position order through the codecs and folded by the projection's own functions,
 * without the projection or the read store, printed as the same JSON with the position it read
 * up to. `--position` stops there, to reproduce an answer given earlier. Exit 2 for a bad option.
 */
@Command({ name: 'statistics', description: 'Recompute the statistics of a range from a full replay of the events, and print them (JSON)' })
export class StatisticsCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {
    super();
  }

  async run(_: string[], options: StatisticsOptions): Promise<void> {
    const parsed = parseStatisticsQuery(options);
    const upTo = options.position === undefined ? undefined : /^\d{1,20}$/.test(options.position) ? BigInt(options.position) : null;
    if (!parsed.ok || upTo === null) {
      for (const { field, message } of parsed.ok ? [] : parsed.errors) console.error(`--${field}: ${message}`);
      if (upTo === null) console.error('--position: must be a position (digits), such as an answer of GET /statistics gives');
      process.exitCode = 2;
      return;
    }
    const progress = process.stderr.isTTY ? (position: bigint, head: bigint) => process.stderr.write(`\rreplayed up to ${position} of ${head}`) : undefined;
    const answer = await replayStatistics(this.events, parsed.query, { ...statisticsReferenceData, upTo, onProgress: progress });
    if (progress) process.stderr.write('\n');
    console.log(JSON.stringify(answer, null, 2));
  }

  @Option({ flags: '--from <date>', description: 'first day (Taipei), YYYY-MM-DD' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <date>', description: 'last day (Taipei), included' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--by <grouping>', description: `breakdown: ${GROUPINGS.join(', ')} (default month)` })
  parseBy(value: string): string {
    return value;
  }

  @Option({ flags: '--position <position>', description: 'replay up to this log position (default: the head when it starts)' })
  parsePosition(value: string): string {
    return value;
  }
}
