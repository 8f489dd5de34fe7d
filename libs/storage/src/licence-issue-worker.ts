import { issueLicenceOfCase } from '@shtc/commands';
import { RefusalError } from '@shtc/domain';
import type { EventStore } from '@shtc/event-store';
import { PollingWorker, type Clock } from '@shtc/platform';
import { LICENCE_ISSUES, LICENCE_ISSUES_COLLECTION, type LicenceIssueDocument } from '@shtc/projections';
import type { ReadStore } from '@shtc/read-store';

/**
 * Opens the licences approvals left pending (the licence-issue projection lists them): the
 * approval's own request opens its licence at once, so this finds work only after a process died
 * between the approval and the licence. Run with the projector, one per deployment.
 */
export class LicenceIssueWorker extends PollingWorker {
  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly clock: Clock,
    private readonly options: { pollIntervalMs?: number; onError?: (message: string, error: unknown) => void; onRefused?: (caseNo: string, reason: string) => void } = {},
  ) {
    super(options.pollIntervalMs ?? 1000, (error) => options.onError?.('Licence issue failed', error));
  }

  protected override async prepare(): Promise<void> {
    const { shared: _, ...spec } = LICENCE_ISSUES_COLLECTION;
    await this.store.ensureCollection(spec);
  }

  protected async work(): Promise<number> {
    let done = 0;
    for (;;) {
      const { items } = await this.store.find<LicenceIssueDocument>(LICENCE_ISSUES, { status: 'PENDING' }, { sort: [['approvedAt', 'asc']], limit: 50 });
      if (items.length === 0) return done;
      for (const pending of items) {
        try {
          await issueLicenceOfCase(this.events, pending.caseNo, this.clock.now());
          await this.store.put(LICENCE_ISSUES, { ...pending, status: 'ISSUED', issuedAt: this.clock.now().toISOString() } satisfies LicenceIssueDocument);
        } catch (error) {
          // A refusal is final (the licence changed under an approved correction): record it rather than retry for ever.
          if (!(error instanceof RefusalError)) throw error;
          const { rule, message } = error.refusal;
          this.options.onRefused?.(pending.caseNo, `${rule}: ${message}`);
          await this.store.put(LICENCE_ISSUES, { ...pending, status: 'REFUSED', issuedAt: null, refusal: { rule, message } } satisfies LicenceIssueDocument);
        }
        done++;
      }
    }
  }
}
