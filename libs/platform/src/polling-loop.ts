/**
 * Runs `work` now and then every `intervalMs` after it finishes, one run at a time: the loop of
 * the outbox sender and of the licence-issue worker. `drain()` runs it at once (or joins the
 * run in progress); `stop()` waits for the run in progress.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly work: () => Promise<number>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(): void {
    const tick = async () => {
      await this.drain().catch(this.onError);
      if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs the work now; returns what it reports done. */
  drain(): Promise<number> {
    if (!this.running) this.running = this.work().finally(() => (this.running = null));
    return this.running;
  }
}

/**
 * A background worker on a {@link PollingLoop}: the outbox sender, the licence-issue and the
 * licence-expiry workers. `prepare()` runs once before the first run (to create a collection).
 */
export abstract class PollingWorker {
  private readonly loop: PollingLoop;

  constructor(intervalMs: number, onError: (error: unknown) => void) {
    this.loop = new PollingLoop(() => this.work(), intervalMs, onError);
  }

  async start(): Promise<void> {
    await this.prepare();
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs the work now (or joins the run in progress); returns how much it did. */
  drain(): Promise<number> {
    return this.loop.drain();
  }

  protected async prepare(): Promise<void> {}

  protected abstract work(): Promise<number>;
}
