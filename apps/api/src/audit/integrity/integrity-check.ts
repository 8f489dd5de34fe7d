import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EVENT_STORE, verifyIntegrity, type EventStore } from '@shtc/event-store';
import { CLOCK, type Clock } from '@shtc/platform';

/**
 * The hash chain of every stream, or one, and each stream's end against its recorded head,
 * checked by the same code as `npm run cli -- verify-integrity`: for GET /audit/integrity and
 * the console's integrity page.
 */
@Injectable()
export class IntegrityCheck {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async check(stream: string | undefined) {
    const checkedAt = this.clock.now().toISOString();
    const report = await verifyIntegrity(this.events, { stream });
    if (stream !== undefined && report.streams === 0) {
      throw new NotFoundException(`No stream ${stream}: it has no events and no recorded head`);
    }
    return {
      valid: report.valid,
      streams: report.streams,
      events: report.events,
      broken: report.broken.map(({ position, ...broken }) => ({ ...broken, position: position?.toString() ?? null })),
      position: report.position.toString(),
      checkedAt,
    };
  }
}
