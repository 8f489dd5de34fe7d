import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { encode, type CommandContext } from './stream-commands';

/** Number series: cases (registration and receipt numbers), Iran/North Korea assurances, and licences. */
export type NumberSeries = 'SHTC' | 'IRNK' | 'LIC';

/** `sequence-<series>-<year>` streams hold one event type, at its first version. */
const SEQUENCE_CODEC = { schemaVersion: () => 1 };

const TAIPEI_YEAR = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric' });

/**
 * Allocates readable numbers (`SHTC-2026-000042`) without gaps or duplicates, on any event
 * store: each number is one event appended to `sequence-<series>-<year>` with expected
 * revision "any", and the revision the store gives that event is the number. Both adapters
 * serialise such appends (SQLite in its write transaction; EventStoreDB by retrying on its
 * optimistic check), so two callers never get the same revision. Refusals are decided before
 * a number is taken, so only a crash between allocating and filing can leave a gap; the
 * allocation event names the request (correlationId) that took it.
 */
@Injectable()
export class CaseNumbers {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async next(series: NumberSeries, context: CommandContext): Promise<string> {
    const year = TAIPEI_YEAR.format(context.now);
    const stream = `sequence-${series}-${year}`;
    const format = (revision: number) => `${series}-${year}-${String(revision + 1).padStart(6, '0')}`;
    if (context.resumes) {
      // The number an earlier attempt of this request took before a crash cut it short: a retry files under it.
      const taken = (await this.events.readStream(stream)).find((event) => event.metadata.correlationId === context.correlationId);
      if (taken) return format(taken.revision);
    }
    const { nextRevision } = await this.events.append(
      stream,
      [encode(SEQUENCE_CODEC, { type: 'NumberAllocated', data: { series, year, allocatedAt: context.now.toISOString() } }, context)],
      'any',
    );
    return format(nextRevision);
  }
}
