import type { ReadStore } from '../read-store.port';
import {
  PROJECTION_CHECKPOINTS,
  PROJECTION_STATE,
  checkpointId,
  physicalCollection,
  type ProjectionCheckpoint,
  type ProjectionState,
} from './projection';
import type { ProjectionRunner } from './projection-runner';

const STATE_TTL_MS = 500;
const POLL_MS = 50;

/**
 * Where queries find a projection's documents, and how far they are. In the embedded default
 * the runner lives in this process and reports progress directly; an API process without one
 * (production, beside a separate projector) reads the checkpoints from the read store.
 */
export class ProjectionCatalog {
  private readonly states = new Map<string, { state: ProjectionState | null; readAt: number }>();

  constructor(
    private readonly store: ReadStore,
    private readonly runner?: ProjectionRunner,
  ) {}

  /** The physical name of a projection's collection that queries read now. */
  async collection(projection: string, collection: string): Promise<string> {
    const state = await this.state(projection);
    if (!state) throw new Error(`Projection ${projection} has not been built yet`);
    return physicalCollection(collection, state.generation);
  }

  async position(projection: string): Promise<bigint> {
    if (this.runner) return this.runner.position(projection);
    const state = await this.state(projection);
    if (!state) return 0n;
    const checkpoint = await this.store.get<ProjectionCheckpoint>(
      PROJECTION_CHECKPOINTS,
      checkpointId(projection, state.generation),
    );
    return BigInt(checkpoint?.position ?? 0);
  }

  /** Read-your-writes (architecture.md item 7): true once every projection has reached `position`. */
  async waitFor(projections: string[], position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.runner) return this.runner.waitFor(projections, position, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const positions = await Promise.all(projections.map((p) => this.position(p)));
      if (positions.every((p) => p >= position)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async state(projection: string): Promise<ProjectionState | null> {
    const cached = this.states.get(projection);
    if (cached && cached.state && Date.now() - cached.readAt < STATE_TTL_MS) return cached.state;
    const state = await this.store.get<ProjectionState>(PROJECTION_STATE, projection);
    this.states.set(projection, { state, readAt: Date.now() });
    return state;
  }
}
