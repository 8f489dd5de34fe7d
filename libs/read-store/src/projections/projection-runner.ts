import { EventEmitter, setMaxListeners } from 'node:events';
import { formatPosition, type EventStore, type RecordedEvent } from '@shtc/event-store';
import type { ReadStore, UnitOfWork } from '../read-store.port';
import {
  PROJECTION_CHECKPOINTS,
  checkpointId,
  physicalCollection,
  type Projection,
  type ProjectionCheckpoint,
  type ProjectionContext,
} from './projection';
import { ProjectionGenerations, type Tracked } from './projection-generations';

export interface RunnerLogger {
  log(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  logger?: RunnerLogger;
  /** Retry delay after a failed batch, doubling up to 30 s. */
  retryDelayMs?: number;
}

export interface RebuildProgress {
  projection: string;
  position: bigint;
  head: bigint;
  events: number;
}

class GenerationSwapped extends Error {}

const silent: RunnerLogger = { log: () => undefined, error: () => undefined };

/**
 * Keeps projections up to date: catch-up from the checkpoint, then live, in batches, each
 * batch's documents and checkpoint committed in one unit of work. A crash replays at most the
 * uncommitted batch, from a state without it, so replays are idempotent.
 */
export class ProjectionRunner {
  private readonly tracked = new Map<string, Tracked>();
  private readonly progress = new EventEmitter();
  private readonly batchSize: number;
  private readonly logger: RunnerLogger;
  private readonly retryDelayMs: number;
  private readonly generations: ProjectionGenerations;
  private abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly projections: Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.logger = options.logger ?? silent;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.progress.setMaxListeners(0);
    this.generations = new ProjectionGenerations(store, this.logger);
  }

  /** Prepares every projection's collections, then follows the log in the background. */
  async start(): Promise<void> {
    this.abort = new AbortController();
    // One listener for each projection followed (and each waiting out a retry): more than Node's default 10 is no leak.
    setMaxListeners(0, this.abort.signal);
    await this.generations.ensureBookkeeping();
    for (const projection of this.projections) this.tracked.set(projection.name, await this.generations.prepare(projection));
    this.loops = [...this.tracked.values()].map((tracked) => this.keepFollowing(tracked));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  /** Position up to which a projection's readable collections are complete (0n if unknown). */
  position(name: string): bigint {
    const tracked = this.tracked.get(name);
    return tracked && !tracked.building ? tracked.position : 0n;
  }

  status(): Array<{ name: string; version: number; generation: number; position: bigint; building: boolean; failing?: string }> {
    return [...this.tracked.values()].map((t) => ({
      name: t.projection.name,
      version: t.projection.version,
      generation: t.generation,
      position: t.position,
      building: t.building,
      failing: t.failing,
    }));
  }

  /** Resolves true once every named projection has applied `position`, false after `timeoutMs`. */
  waitFor(names: string[], position: bigint, timeoutMs: number): Promise<boolean> {
    const reached = () => names.every((name) => this.position(name) >= position);
    if (reached()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!reached()) return;
        finish(true);
      };
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.progress.off('progress', check);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.progress.on('progress', check);
    });
  }

  /**
   * Rebuilds projections (by default every one) into fresh collections from the start of the log,
   * in one pass: each page is read once and applied to each of them, their units of work reaching
   * the store together. Then queries are swapped over to the new collections and the old ones
   * dropped. A runner following an old generation in another process notices the swap at its next
   * batch and follows the new one.
   */
  async rebuild(names: string | string[] = this.projections.map((p) => p.name), onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    const chosen = (Array.isArray(names) ? names : [names]).map((name) => {
      const projection = this.projections.find((p) => p.name === name);
      if (!projection) throw new RangeError(`No projection named ${name}`);
      return projection;
    });
    const building: Tracked[] = [];
    for (const projection of chosen) building.push(await this.generations.next(projection));
    const label = chosen.map((p) => p.name).join(', ');
    let position = 0n;
    let events = 0;
    for (;;) {
      const head = await this.events.headPosition();
      const page = await this.events.readAll({ after: position, limit: this.batchSize, bulk: true });
      if (page.length === 0) break;
      await Promise.all(building.map((tracked) => this.applyBatch(tracked, page)));
      position = page[page.length - 1].position;
      events += page.length;
      onProgress?.({ projection: label, position, head, events });
    }
    // Fresh collections: the planner learns their indexes before queries are swapped over to them.
    await this.store.optimize();
    for (const tracked of building) await this.swap(tracked);
  }

  /** Swaps queries over to the tracked generation (dropping the one they read), and tells those waiting. */
  private async swap(tracked: Tracked): Promise<void> {
    await this.generations.swap(tracked, await this.generations.current(tracked.projection.name));
    this.progress.emit('progress');
  }

  /** Follows the log until stopped; after a failure, waits and resumes from the checkpoint. */
  private async keepFollowing(tracked: Tracked): Promise<void> {
    let delay = this.retryDelayMs;
    while (!this.abort.signal.aborted) {
      try {
        await this.follow(tracked);
        return;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        if (error instanceof GenerationSwapped) {
          await this.generations.adopt(tracked);
          continue;
        }
        tracked.failing = error instanceof Error ? error.message : String(error);
        this.logger.error(`Projection ${tracked.projection.name} failed at ${tracked.position}; retrying`, error);
        await sleep(delay, this.abort.signal);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private async follow(tracked: Tracked): Promise<void> {
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    this.abort.signal.addEventListener('abort', onAbort, { once: true });
    const buffer: RecordedEvent[] = [];
    let flushing: Promise<void> | null = null;
    let failure: unknown = null;
    const flush = async () => {
      while (buffer.length > 0 && failure === null) {
        const batch = buffer.slice(0, this.batchSize);
        await this.applyBatch(tracked, batch);
        // Only what was applied: events that arrived during the commit wait for the next batch.
        buffer.splice(0, batch.length);
        if (tracked.building && tracked.position >= (await this.events.headPosition())) await this.swap(tracked);
      }
    };
    // Events arriving while a batch commits gather into the next batch.
    const schedule = () => {
      if (flushing || failure !== null) return;
      flushing = new Promise((resolve) => setImmediate(resolve))
        .then(flush)
        .catch((error) => {
          failure = error;
          stop.abort();
        })
        .finally(() => {
          flushing = null;
          if (buffer.length > 0) schedule();
        });
    };
    try {
      if (tracked.building && tracked.position >= (await this.events.headPosition())) await this.swap(tracked);
      for await (const event of this.events.subscribe({ after: tracked.position, signal: stop.signal })) {
        buffer.push(event);
        schedule();
        if (buffer.length >= this.batchSize * 4) await flushing;
      }
      while (flushing) await flushing;
    } finally {
      this.abort.signal.removeEventListener('abort', onAbort);
    }
    if (failure !== null) throw failure;
  }

  private async applyBatch(tracked: Tracked, batch: RecordedEvent[]): Promise<void> {
    const { projection, generation } = tracked;
    if (!tracked.building) {
      const state = await this.generations.current(projection.name);
      if (state && state.generation !== generation) throw new GenerationSwapped();
    }
    const last = batch[batch.length - 1];
    await this.store.unitOfWork(async (uow) => {
      const context = projectionContext(uow, projection, generation);
      for (const event of batch) await projection.handlers[event.type]?.(event, context);
      uow.put(PROJECTION_CHECKPOINTS, {
        id: checkpointId(projection.name, generation),
        projection: projection.name,
        version: projection.version,
        generation,
        position: formatPosition(last.position),
      } satisfies ProjectionCheckpoint);
    });
    tracked.position = last.position;
    tracked.failing = undefined;
    this.progress.emit('progress');
  }
}

function projectionContext(uow: UnitOfWork, projection: Projection, generation: number): ProjectionContext {
  const shared = new Set(projection.collections.filter((c) => c.shared).map((c) => c.name));
  const physical = (collection: string) => physicalCollection(collection, generation, shared.has(collection));
  return {
    get: (collection, id) => uow.get(physical(collection), id),
    put: (collection, doc) => uow.put(physical(collection), doc),
    delete: (collection, id) => uow.delete(physical(collection), id),
    // Safe without a lock: whoever else writes a shared document only updates existing ones.
    putIfAbsent: async (collection, doc) => {
      if (!(await uow.get(physical(collection), doc.id))) uow.put(physical(collection), doc);
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
