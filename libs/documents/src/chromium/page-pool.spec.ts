import { Pool, type PoolFactory } from './page-pool';

/** A factory of numbered resources that records what it disposed of; `broken` ones are no longer usable. */
function numbered() {
  let next = 0;
  const disposed: number[] = [];
  const broken = new Set<number>();
  const factory: PoolFactory<number> = {
    create: async () => ++next,
    usable: (resource) => !broken.has(resource),
    dispose: async (resource) => void disposed.push(resource),
  };
  return { factory, disposed, broken, created: () => next };
}

describe('page pool', () => {
  it('lends at most its size at once; the others wait and are served in the order they came', async () => {
    const { factory } = numbered();
    const pool = new Pool(2, factory);
    const first = await pool.acquire();
    const second = await pool.acquire();
    const served: string[] = [];
    const third = pool.acquire().then((lease) => (served.push('third'), lease));
    const fourth = pool.acquire().then((lease) => (served.push('fourth'), lease));
    await new Promise((resolve) => setImmediate(resolve));
    expect(served).toEqual([]);
    first.release();
    (await third).release();
    await fourth;
    expect(served).toEqual(['third', 'fourth']);
    second.release();
  });

  it('reuses a page given back healthy, and replaces one discarded (a failed or hung render)', async () => {
    const { factory, disposed, created } = numbered();
    const pool = new Pool(1, factory);
    const lease = await pool.acquire();
    expect(await lease.take()).toBe(1);
    lease.release();
    const again = await pool.acquire();
    expect(await again.take()).toBe(1);
    again.discard();
    expect(disposed).toEqual([1]);
    const fresh = await pool.acquire();
    expect(await fresh.take()).toBe(2);
    expect(created()).toBe(2);
  });

  it('never lends a page whose browser died, and drains the idle ones when the browser goes', async () => {
    const { factory, disposed, broken } = numbered();
    const pool = new Pool(2, factory);
    const [a, b] = [await pool.acquire(), await pool.acquire()];
    await a.take();
    await b.take();
    a.release();
    b.release();
    broken.add(2);
    const lease = await pool.acquire();
    expect(await lease.take()).toBe(1);
    expect(disposed).toEqual([2]);
    lease.release();
    await pool.drain();
    expect(disposed).toEqual([2, 1]);
  });

  it('disposes of a page that was still being made when its lease ended (timed out), and frees the slot once', async () => {
    let finish!: (value: number) => void;
    const disposed: number[] = [];
    const pool = new Pool(1, { create: () => new Promise<number>((resolve) => (finish = resolve)), usable: () => true, dispose: async (r) => void disposed.push(r) });
    const lease = await pool.acquire();
    const taking = lease.take();
    lease.discard();
    lease.discard();
    finish(7);
    await expect(taking).rejects.toThrow('lease ended');
    expect(disposed).toEqual([7]);
    const next = await pool.acquire();
    next.release();
  });
});
