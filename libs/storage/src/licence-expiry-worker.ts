import { executeOnStream } from '@shtc/commands';
import { LICENCE_SCHEDULER, RefusalError, licenceCodec, licenceDecider, taipeiDateOf } from '@shtc/domain';
import type { EventStore } from '@shtc/event-store';
import { PollingWorker, type Clock } from '@shtc/platform';
import { LICENCES, LICENCE_REGISTER_PROJECTION, type LicenceDocument } from '@shtc/projections';
import type { ProjectionCatalog, ReadStore } from '@shtc/read-store';

/** Licences expired per run at most: the next run takes the rest. */
const BATCH = 100;

/**
 * Ends the licences whose validity has passed (R-LIC-1): the licence register lists VALID
 * licences by `validUntil`, and for each whose last valid day is before today in Taipei (from
 * the clock port) this writes `ExpireLicence` through the licence decider, as the scheduler.
 * The decider records it once (asking again records nothing) and refuses it on a licence that
 * was cancelled or exhausted meanwhile; a release after `validUntil` is refused by the decider
 * whether or not this has run yet. Run with the projector, one per deployment.
 */
export class LicenceExpiryWorker extends PollingWorker {
  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly catalog: ProjectionCatalog,
    private readonly clock: Clock,
    options: { pollIntervalMs?: number; onError?: (message: string, error: unknown) => void } = {},
  ) {
    super(options.pollIntervalMs ?? 1000, (error) => options.onError?.('Licence expiry failed', error));
  }

  protected async work(): Promise<number> {
    const now = this.clock.now();
    const collection = await this.catalog.collection(LICENCE_REGISTER_PROJECTION, LICENCES).catch(() => null);
    if (!collection) return 0; // the register is not built yet
    const { items } = await this.store.find<LicenceDocument>(
      collection,
      { status: 'VALID', validUntil: { $lt: taipeiDateOf(now.toISOString()) } },
      { sort: [['validUntil', 'asc'], ['id', 'asc']], limit: BATCH },
    );
    let expired = 0;
    for (const due of items) {
      try {
        const executed = await executeOnStream(this.events, { codec: licenceCodec, decider: licenceDecider }, due.licenceNo, { actor: LICENCE_SCHEDULER, now, correlationId: `licence-expiry-${due.licenceNo}` }, {
          command: () => ({ type: 'ExpireLicence' as const, by: LICENCE_SCHEDULER, at: now.toISOString() }),
        });
        expired += executed.events.length > 0 ? 1 : 0;
      } catch (error) {
        // Cancelled or exhausted since the register was read: the register catches up, and it is not listed again.
        if (!(error instanceof RefusalError)) throw error;
      }
    }
    return expired;
  }
}
