import type { ReadStore } from '../read-store.port';
import {
  PROJECTION_CHECKPOINTS,
  PROJECTION_STATE,
  checkpointId,
  physicalCollection,
  type Projection,
  type ProjectionCheckpoint,
  type ProjectionState,
} from './projection';

/** Where one projection stands in this process. */
export interface Tracked {
  projection: Projection;
  generation: number;
  position: bigint;
  /** True while building a new version that queries do not read yet. */
  building: boolean;
  failing?: string;
}

export interface GenerationLogger {
  log(message: string): void;
}

/**
 * The generations of a projection's collections: which one queries read (projection_state),
 * where each one's checkpoint is, and the swap from a generation to the next once it has caught
 * up. A new version, or a rebuild, fills fresh collections while queries keep reading the old
 * ones; the swap is one write, after which the old collections are dropped.
 */
export class ProjectionGenerations {
  constructor(
    private readonly store: ReadStore,
    private readonly logger: GenerationLogger,
  ) {}

  async ensureBookkeeping(): Promise<void> {
    await this.store.ensureCollection({ name: PROJECTION_STATE });
    await this.store.ensureCollection({ name: PROJECTION_CHECKPOINTS });
  }

  current(projection: string): Promise<ProjectionState | null> {
    return this.store.get<ProjectionState>(PROJECTION_STATE, projection);
  }

  /**
   * What to follow at start-up: the generation queries read, from its checkpoint; or, for a new
   * projection or a new version, a fresh generation to build (queries keep the old one meanwhile).
   */
  async prepare(projection: Projection): Promise<Tracked> {
    const state = await this.current(projection.name);
    if (state && state.version === projection.version) {
      await this.createCollections(projection, state.generation);
      return { projection, generation: state.generation, position: await this.checkpoint(projection.name, state.generation), building: false };
    }
    const generation = (state?.generation ?? 0) + 1;
    await this.createCollections(projection, generation);
    if (!state) {
      await this.swap({ projection, generation, position: 0n, building: true }, null);
      return { projection, generation, position: 0n, building: false };
    }
    this.logger.log(`Projection ${projection.name}: version ${state.version} → ${projection.version}, rebuilding`);
    return { projection, generation, position: 0n, building: true };
  }

  /** A fresh generation after the one queries read now, for a rebuild. */
  async next(projection: Projection): Promise<Tracked> {
    await this.ensureBookkeeping();
    const generation = ((await this.current(projection.name))?.generation ?? 0) + 1;
    await this.createCollections(projection, generation);
    return { projection, generation, position: 0n, building: true };
  }

  /** Makes queries read the tracked generation, and drops the one they read before. */
  async swap(tracked: Tracked, previous: ProjectionState | null): Promise<void> {
    const { projection, generation } = tracked;
    await this.store.put(PROJECTION_STATE, {
      id: projection.name,
      version: projection.version,
      generation,
      swappedAt: new Date().toISOString(),
    } satisfies ProjectionState);
    tracked.building = false;
    if (previous && previous.generation !== generation) await this.drop(projection, previous.generation);
    this.logger.log(`Projection ${projection.name}: now reading generation ${generation} (version ${projection.version})`);
  }

  /** Another process (the CLI) rebuilt the projection: follow its new generation from its checkpoint. */
  async adopt(tracked: Tracked): Promise<void> {
    const state = await this.current(tracked.projection.name);
    if (!state) return;
    const stale = tracked.generation;
    tracked.generation = state.generation;
    tracked.position = await this.checkpoint(tracked.projection.name, state.generation);
    tracked.building = false;
    // A batch racing the swap may have recreated a dropped collection: drop it again.
    if (stale < state.generation) await this.drop(tracked.projection, stale);
    this.logger.log(`Projection ${tracked.projection.name}: following rebuilt generation ${state.generation}`);
  }

  private async checkpoint(projection: string, generation: number): Promise<bigint> {
    const checkpoint = await this.store.get<ProjectionCheckpoint>(PROJECTION_CHECKPOINTS, checkpointId(projection, generation));
    return BigInt(checkpoint?.position ?? 0);
  }

  private async createCollections(projection: Projection, generation: number): Promise<void> {
    for (const { shared, ...spec } of projection.collections) {
      await this.store.ensureCollection({ ...spec, name: physicalCollection(spec.name, generation, shared) });
    }
  }

  private async drop(projection: Projection, generation: number): Promise<void> {
    for (const spec of projection.collections) {
      if (!spec.shared) await this.store.dropCollection(physicalCollection(spec.name, generation));
    }
    await this.store.delete(PROJECTION_CHECKPOINTS, checkpointId(projection.name, generation));
  }
}
