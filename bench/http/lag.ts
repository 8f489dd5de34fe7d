/**
 * Read-your-writes lag: how long after a command's answer (which carries its event store
 * position) the read models include that position, as a client that reads at once sees it.
 *
 * A probe on connections of its own takes the first command answered while it is idle and, in the
 * same tick, sends two requests: `GET /health?after=<position>` (the read-your-writes guard holds
 * it until every projection has applied the position) and a plain `GET /health` (the same route's
 * cost in the same queue). The lag of that command is the first's time minus the second's, or 0.
 * It can miss at most the time the request queued before the server read it (the plain time is
 * an upper bound of that), and the first's own time bounds the lag from above: both are reported.
 * `probes` probes run at once, each starting again on the next answer after its last, so they
 * sample commands spread over the loop, at little cost (`GET /health` is the cheapest route).
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { send } from './client';
import { summary, type Summary } from './summary';

export interface LagSummary extends Summary {
  /** `?after=` reads answered 503: the projections had not reached the position in 5 s. */
  timeouts: number;
  /** The `?after=` read's own time: an upper bound of the lag. */
  afterMs: Summary;
  /** The plain read's time: the probe's resolution. */
  plainMs: Summary;
}

export class ReadYourWritesLag {
  private readonly agent: Agent;
  private readonly lags: number[] = [];
  private readonly after: number[] = [];
  private readonly plain: number[] = [];
  private timeouts = 0;
  private running = false;
  private readonly probing = new Set<Promise<void>>();

  constructor(
    private readonly base: URL,
    private readonly probes: number,
  ) {
    // Two sockets a probe: its pair goes out at once, neither queued behind the other.
    this.agent = new Agent({ keepAlive: true, maxSockets: 2 * probes, maxFreeSockets: 2 * probes });
  }

  start(): void {
    this.running = true;
  }

  /** Stops probing, once the probes under way have answered. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.probing);
    this.agent.destroy();
  }

  /** Hears every command's answer (Http's onCommand), in the tick it arrived. */
  readonly noteCommand = (position: number): void => {
    if (!this.running || this.probing.size >= this.probes) return;
    const probe = this.probe(position).finally(() => this.probing.delete(probe));
    this.probing.add(probe);
  };

  private async probe(position: number): Promise<void> {
    const timed = async (path: string) => {
      const start = performance.now();
      const answer = await send(this.agent, this.base, 'GET', path, {});
      return { status: answer.status, ms: performance.now() - start };
    };
    const [after, plain] = await Promise.all([timed(`/health?after=${position}`), timed('/health')]);
    if (plain.status !== 200) throw new Error(`GET /health answered ${plain.status}`);
    if (after.status === 503) this.timeouts++;
    else if (after.status !== 200) throw new Error(`GET /health?after= answered ${after.status}`);
    this.after.push(after.ms);
    this.plain.push(plain.ms);
    this.lags.push(Math.max(0, after.ms - plain.ms));
  }

  summary(): LagSummary {
    return { ...summary(this.lags), timeouts: this.timeouts, afterMs: summary(this.after), plainMs: summary(this.plain) };
  }
}
