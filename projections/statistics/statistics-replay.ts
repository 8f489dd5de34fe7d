import type { OfficeCalendar } from '@shtc/domain';
import type { EventStore } from '@shtc/event-store';
import type { RegimesOf } from './dimensions';
import type { CaseFacts } from './case-facts';
import type { LicenceFacts } from './licence-facts';
import { foldStatisticsEvent, type StatisticsFacts } from './statistics-fold';
import { StatisticsGroups, type StatisticsAnswer, type StatisticsQuery } from './statistics-query';

export interface ReplayOptions {
  calendar: OfficeCalendar;
  regimesOf: RegimesOf;
  /** The last position to fold (inclusive); by default the head of the log when the replay starts. */
  upTo?: bigint;
  pageSize?: number;
  onProgress?(position: bigint, head: bigint): void;
}

/**
 * The statistics recomputed from the events alone, without the projection or the read store
 * (`npm run cli -- statistics`): every event of the log in position order, decoded through its
 * codec and folded by the projection's own `foldStatisticsEvent`, the observations of the range
 * added into its groups. The answer's position is the last event read.
 */
export async function replayStatistics(events: EventStore, query: StatisticsQuery, options: ReplayOptions): Promise<StatisticsAnswer> {
  const cases = new Map<string, CaseFacts>();
  const licences = new Map<string, LicenceFacts>();
  const facts: StatisticsFacts = {
    case: async (caseNo) => cases.get(caseNo) ?? null,
    licence: async (licenceNo) => licences.get(licenceNo) ?? null,
    putCase: (folded) => void cases.set(folded.id, folded),
    putLicence: (folded) => void licences.set(folded.id, folded),
  };
  const groups = new StatisticsGroups(query, options.regimesOf);
  const head = options.upTo ?? (await events.headPosition());
  let position = 0n;
  for (;;) {
    const page = await events.readAll({ after: position, limit: options.pageSize ?? 1000 });
    const upToHead = page.filter((event) => event.position <= head);
    for (const event of upToHead) {
      const observations = await foldStatisticsEvent(event, facts, options.calendar);
      for (const { on, dimensions, change } of observations ?? []) groups.addChange(on, dimensions, change);
      position = event.position;
    }
    options.onProgress?.(position, head);
    if (upToHead.length < page.length || page.length === 0) break;
  }
  return groups.answer(position);
}
