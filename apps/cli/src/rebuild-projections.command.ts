import { Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ProjectionRunner, READ_STORE, type Projection, type ReadStore } from '@shtc/read-store';
import { SingleBar, Presets } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { PROJECTIONS } from '@shtc/storage';

/**
 * Rebuilds projections into fresh collections and swaps them in when caught up; a running
 * server keeps answering from the old ones meanwhile and follows the new ones after the swap.
 */
@Command({ name: 'rebuild-projections', description: 'Rebuild every projection (or one) from the event log' })
export class RebuildProjectionsCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
  ) {
    super();
  }

  async run(_: string[], options: { name?: string }): Promise<void> {
    const chosen = options.name ? this.projections.filter((p) => p.name === options.name) : this.projections;
    if (chosen.length === 0) {
      console.error(`No projection named ${options.name}; there are: ${this.projections.map((p) => p.name).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    const runner = new ProjectionRunner(this.events, this.store, this.projections, { batchSize: 1000 });
    // One pass over the log for all of them: each page is read once and applied to each.
    const label = options.name ?? 'all projections';
    const head = Number(await this.events.headPosition());
    const bar = new SingleBar(
      {
        format: `${label.padEnd(16)} [{bar}] {percentage}% | {value}/{total} | {rate} events/s | ETA {eta_formatted}`,
        etaBuffer: 50,
        noTTYOutput: true,
        notTTYSchedule: 1000,
      },
      Presets.legacy,
    );
    const started = Date.now();
    bar.start(Math.max(head, 1), 0, { rate: 0 });
    await runner.rebuild(chosen.map((p) => p.name), ({ position, head: now }) => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.setTotal(Math.max(Number(now), Number(position), 1));
      bar.update(Number(position), { rate: Math.round(Number(position) / seconds) });
    });
    bar.update(bar.getTotal());
    bar.stop();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const projection of chosen) console.log(`${projection.name}: rebuilt (version ${projection.version}) in ${seconds} s`);
  }

  @Option({ flags: '--name <name>', description: 'only this projection' })
  parseName(value: string): string {
    return value;
  }
}
