import { issueLicenceOfCase } from '@shtc/commands';
import type { EventStore } from '@shtc/event-store';
import type { Clock } from '@shtc/platform';
import { LICENCE_ISSUES, LICENCE_ISSUES_COLLECTION, type LicenceIssueDocument } from '@shtc/projections';
import type { ReadStore } from '@shtc/read-store';

/**
 * Opens the licences approvals left pending (the licence-issue projection lists them): the
 * approval's own request opens its licence at once, so this finds work only after a process died
 * between the approval and the licence. Run with the projector, one per deployment.
 */
export class LicenceIssueWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly clock: Clock,
    private readonly options: { pollIntervalMs?: number; onError?: (message: string, error: unknown) => void } = {},
  ) {}

  async start(): Promise<void> {
    const { shared: _, ...spec } = LICENCE_ISSUES_COLLECTION;
    await this.store.ensureCollection(spec);
    const tick = async () => {
      await this.drain().catch((error) => this.options.onError?.('Licence issue failed', error));
      if (this.timer) this.timer = setTimeout(tick, this.options.pollIntervalMs ?? 1000);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Opens every pending licence; returns how many were worked off. One drain at a time. */
  drain(): Promise<number> {
    if (!this.running) this.running = this.issuePending().finally(() => (this.running = null));
    return this.running;
  }

  private async issuePending(): Promise<number> {
    let done = 0;
    for (;;) {
      const { items } = await this.store.find<LicenceIssueDocument>(LICENCE_ISSUES, { status: 'PENDING' }, { sort: [['approvedAt', 'asc']], limit: 50 });
      if (items.length === 0) return done;
      for (const pending of items) {
        await issueLicenceOfCase(this.events, pending.caseNo, this.clock.now());
        await this.store.put(LICENCE_ISSUES, { ...pending, status: 'ISSUED', issuedAt: this.clock.now().toISOString() } satisfies LicenceIssueDocument);
        done++;
      }
    }
  }
}
