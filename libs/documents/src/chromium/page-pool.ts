/** How the pool makes, checks and disposes of its resources (browser pages). */
export interface PoolFactory<T> {
  create(): Promise<T>;
  /** False for a resource that can no longer be used (its browser died): it is disposed of, not lent. */
  usable(resource: T): boolean;
  /** Disposes of a resource; must not throw. */
  dispose(resource: T): Promise<void>;
}

/**
 * A small bounded pool: at most `size` resources lent at once, idle ones kept for reuse, callers
 * beyond the bound wait their turn in order. A lease takes its resource only when it asks for
 * it, so a caller can time the making of a page together with its use.
 */
export class Pool<T> {
  private readonly idle: T[] = [];
  private readonly waiting: Array<() => void> = [];
  private lent = 0;

  constructor(
    private readonly size: number,
    private readonly factory: PoolFactory<T>,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`A pool needs at least one slot (got ${size})`);
  }

  /** A slot of the pool, once one is free. */
  async acquire(): Promise<Lease<T>> {
    while (this.lent >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.lent += 1;
    return new Lease(this);
  }

  /** Disposes of every idle resource (their browser is gone); lent ones are disposed of as they come back unusable. */
  async drain(): Promise<void> {
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((resource) => this.factory.dispose(resource)));
  }

  /** @internal an idle usable resource, or a new one */
  async take(): Promise<T> {
    for (let resource = this.idle.pop(); resource !== undefined; resource = this.idle.pop()) {
      if (this.factory.usable(resource)) return resource;
      this.dispose(resource);
    }
    return this.factory.create();
  }

  /** @internal */
  dispose(resource: T): void {
    void this.factory.dispose(resource);
  }

  /** @internal the slot is free again; a resource given back healthy is kept for the next caller */
  giveBack(resource: T | undefined, healthy: boolean): void {
    if (resource !== undefined) {
      if (healthy && this.factory.usable(resource)) this.idle.push(resource);
      else this.dispose(resource);
    }
    this.lent -= 1;
    this.waiting.shift()?.();
  }
}

/** One slot of a {@link Pool}: take its resource, then release or discard it exactly once. */
export class Lease<T> {
  private resource: T | undefined;
  private done = false;

  constructor(private readonly pool: Pool<T>) {}

  async take(): Promise<T> {
    if (this.resource !== undefined) return this.resource;
    const resource = await this.pool.take();
    // The lease ended (timed out) while its resource was being made: nobody will give it back.
    if (this.done) {
      this.pool.dispose(resource);
      throw new Error('The lease ended before its resource was ready');
    }
    this.resource = resource;
    return resource;
  }

  /** The resource worked: keep it for the next caller. */
  release(): void {
    this.end(true);
  }

  /** The resource failed or hung: dispose of it, so the next caller gets a fresh one. */
  discard(): void {
    this.end(false);
  }

  private end(healthy: boolean): void {
    if (this.done) return;
    this.done = true;
    this.pool.giveBack(this.resource, healthy);
  }
}
