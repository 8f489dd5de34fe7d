import { EventEmitter } from 'node:events';
import { formatPosition, type EventStore, type RecordedEvent } from '@shtc/event-store';
import type { ReadStore, UnitOfWork } from '../read-store.port';
import {
  PROJECTION_CHECKPOINTS,
  PROJECTION_STATE,
  checkpointId,
  physicalCollection,
  type Projection,
  type ProjectionCheckpoint,
  type ProjectionContext,
  type ProjectionState,
} from './projection';

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

/** Where one projection stands in this process. */
interface Tracked {
  projection: Projection;
  generation: number;
  position: bigint;
  /** True while building a new version that queries do not read yet. */
  building: boolean;
  failing?: string;
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
  }

  /** Prepares every projection's collections, then follows the log in the background. */
  async start(): Promise<void> {
    this.abort = new AbortController();
    await this.store.ensureCollection({ name: PROJECTION_STATE });
    await this.store.ensureCollection({ name: PROJECTION_CHECKPOINTS });
    for (const projection of this.projections) this.tracked.set(projection.name, await this.prepare(projection));
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
   * Rebuilds one projection into fresh collections from the start of the log, then swaps
   * queries over to them and drops the old ones. A runner following the old generation in
   * another process notices the swap at its next batch and follows the new one.
   */
  async rebuild(name: string, onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new RangeError(`No projection named ${name}`);
    await this.store.ensureCollection({ name: PROJECTION_STATE });
    await this.store.ensureCollection({ name: PROJECTION_CHECKPOINTS });
    const state = await this.store.get<ProjectionState>(PROJECTION_STATE, name);
    const generation = (state?.generation ?? 0) + 1;
    const tracked: Tracked = { projection, generation, position: 0n, building: true };
    await this.createCollections(projection, generation);
    let events = 0;
    for (;;) {
      const head = await this.events.headPosition();
      const page = await this.events.readAll({ after: tracked.position, limit: this.batchSize });
      if (page.length === 0) break;
      await this.applyBatch(tracked, page);
      events += page.length;
      onProgress?.({ projection: name, position: tracked.position, head, events });
    }
    await this.swap(tracked, state);
  }

  private async prepare(projection: Projection): Promise<Tracked> {
    const state = await this.store.get<ProjectionState>(PROJECTION_STATE, projection.name);
    if (state && state.version === projection.version) {
      await this.createCollections(projection, state.generation);
      const checkpoint = await this.store.get<ProjectionCheckpoint>(
        PROJECTION_CHECKPOINTS,
        checkpointId(projection.name, state.generation),
      );
      return { projection, generation: state.generation, position: BigInt(checkpoint?.position ?? 0), building: false };
    }
    // New projection, or a new version: build fresh collections; queries keep the old ones meanwhile.
    const generation = (state?.generation ?? 0) + 1;
    await this.createCollections(projection, generation);
    if (!state) {
      await this.swap({ projection, generation, position: 0n, building: true }, null);
      return { projection, generation, position: 0n, building: false };
    }
    this.logger.log(`Projection ${projection.name}: version ${state.version} → ${projection.version}, rebuilding`);
    return { projection, generation, position: 0n, building: true };
  }

  private async createCollections(projection: Projection, generation: number): Promise<void> {
    for (const { shared, ...spec } of projection.collections) {
      await this.store.ensureCollection({ ...spec, name: physicalCollection(spec.name, generation, shared) });
    }
  }

  private async swap(tracked: Tracked, previous: ProjectionState | null): Promise<void> {
    const { projection, generation } = tracked;
    await this.store.put(PROJECTION_STATE, {
      id: projection.name,
      version: projection.version,
      generation,
      swappedAt: new Date().toISOString(),
    } satisfies ProjectionState);
    tracked.building = false;
    if (previous && previous.generation !== generation) await this.dropGeneration(projection, previous.generation);
    this.logger.log(`Projection ${projection.name}: now reading generation ${generation} (version ${projection.version})`);
    this.progress.emit('progress');
  }

  private async dropGeneration(projection: Projection, generation: number): Promise<void> {
    for (const spec of projection.collections) {
      if (!spec.shared) await this.store.dropCollection(physicalCollection(spec.name, generation));
    }
    await this.store.delete(PROJECTION_CHECKPOINTS, checkpointId(projection.name, generation));
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
          await this.adoptSwap(tracked);
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
        if (tracked.building && tracked.position >= (await this.events.headPosition())) {
          const previous = await this.store.get<ProjectionState>(PROJECTION_STATE, tracked.projection.name);
          await this.swap(tracked, previous);
        }
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
      if (tracked.building && tracked.position >= (await this.events.headPosition())) {
        await this.swap(tracked, await this.store.get<ProjectionState>(PROJECTION_STATE, tracked.projection.name));
      }
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
      const state = await this.store.get<ProjectionState>(PROJECTION_STATE, projection.name);
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

  /** Another process (the CLI) rebuilt this projection: follow its new generation. */
  private async adoptSwap(tracked: Tracked): Promise<void> {
    const state = await this.store.get<ProjectionState>(PROJECTION_STATE, tracked.projection.name);
    if (!state) return;
    const stale = tracked.generation;
    const checkpoint = await this.store.get<ProjectionCheckpoint>(
      PROJECTION_CHECKPOINTS,
      checkpointId(tracked.projection.name, state.generation),
    );
    tracked.generation = state.generation;
    tracked.position = BigInt(checkpoint?.position ?? 0);
    tracked.building = false;
    // A batch racing the swap may have recreated a dropped collection: drop it again.
    if (stale < state.generation) await this.dropGeneration(tracked.projection, stale);
    this.logger.log(`Projection ${tracked.projection.name}: following rebuilt generation ${state.generation}`);
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
