/*
 * Small async helpers shared by the EventStoreDB adapter (eventstoredb-event-store.ts) and its
 * subscription loop (eventstoredb-subscription.ts).
 */

/** Swallows a failure nobody listens for any more (a cancelled call, a race already lost). */
export function ignore(): void {}

/** Resolves after `ms`, or at once when any of the signals aborts. */
export function sleep(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
  return new Promise((resolve) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    if (live.some((s) => s.aborted)) return resolve();
    const done = () => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of live) s.addEventListener('abort', done, { once: true });
  });
}

/** A delay between half of `ms` and `ms`, so that writers backing off together do not retry together. */
export function jittered(ms: number): number {
  return Math.floor(ms / 2 + Math.random() * (ms / 2));
}
