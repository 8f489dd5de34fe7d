import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { FileTooLargeError, InvalidSha256Error, type FileStore } from '@shtc/attachments';

/** Hooks the suite uses to look behind the port: whether anything at all is stored. */
export interface FileStoreProbe {
  /** Everything the store holds, finished or not (files, temporary files, chunks). */
  countStoredObjects(): Promise<number>;
  /** Leaves behind what an upload interrupted by a killed process leaves (its partial content). */
  abandonUpload(): Promise<void>;
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Content as a client would stream it: several chunks, with a pause between them. */
async function* streamed(bytes: Buffer, chunkSize = 16 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += chunkSize) {
    yield bytes.subarray(at, at + chunkSize);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * The behaviour every file store adapter must show. Each test opens a fresh store; content is
 * random per test, so a store shared between runs (a MongoDB server) does not pre-empt it.
 */
export function fileStoreContract(open: () => Promise<{ store: FileStore; probe: FileStoreProbe }>): void {
  let store: FileStore;
  let probe: FileStoreProbe;

  beforeEach(async () => {
    ({ store, probe } = await open());
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores binary content and gives it back byte for byte, located by its sha256', async () => {
    const content = Buffer.concat([Buffer.from([0, 0xff, 0x0d, 0x0a, 0x1a]), randomBytes(300 * 1024), Buffer.from('最終用途')]);
    const stored = await store.put(streamed(content), { maxBytes: content.length });
    expect(stored).toEqual({ sha256: sha256Of(content), size: content.length });
    expect(await store.exists(stored.sha256)).toBe(true);
    const file = await store.open(stored.sha256);
    expect(file).not.toBeNull();
    expect((await buffer(file!)).equals(content)).toBe(true);
  });

  it('takes a Readable as well, and an empty file', async () => {
    const content = randomBytes(1000);
    expect((await store.put(Readable.from([content]), { maxBytes: 1000 })).sha256).toBe(sha256Of(content));
    const empty = await store.put(Readable.from([]), { maxBytes: 10 });
    expect(empty).toEqual({ sha256: sha256Of(Buffer.alloc(0)), size: 0 });
    expect((await buffer((await store.open(empty.sha256))!)).length).toBe(0);
  });

  it('keeps one copy of the same content stored twice, under the same sha256', async () => {
    const content = randomBytes(50_000);
    const first = await store.put(streamed(content), { maxBytes: 1_000_000 });
    const objects = await probe.countStoredObjects();
    const second = await store.put(streamed(content, 7000), { maxBytes: 1_000_000 });
    expect(second).toEqual(first);
    expect(await probe.countStoredObjects()).toBe(objects);
  });

  it('aborts a stream past the cap, leaves nothing behind, and says FileTooLargeError', async () => {
    const before = await probe.countStoredObjects();
    const content = randomBytes(100_001);
    const put = store.put(streamed(content, 10_000), { maxBytes: 100_000 });
    await expect(put).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(put).rejects.toMatchObject({ maxBytes: 100_000 });
    expect(await store.exists(sha256Of(content))).toBe(false);
    expect(await store.exists(sha256Of(content.subarray(0, 100_000)))).toBe(false);
    expect(await probe.countStoredObjects()).toBe(before);
    // Exactly at the cap is accepted.
    await expect(store.put(streamed(content.subarray(0, 100_000)), { maxBytes: 100_000 })).resolves.toMatchObject({ size: 100_000 });
  });

  it('destroys a Readable source it gives up on', async () => {
    const source = Readable.from(streamed(randomBytes(200_000)));
    await expect(store.put(source, { maxBytes: 1000 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(source.destroyed).toBe(true);
  });

  it('leaves nothing behind when the source fails midway, and rethrows its error', async () => {
    const before = await probe.countStoredObjects();
    async function* failing() {
      yield randomBytes(20_000);
      throw new Error('client went away');
    }
    await expect(store.put(failing(), { maxBytes: 1_000_000 })).rejects.toThrow('client went away');
    expect(await probe.countStoredObjects()).toBe(before);
  });

  it('stores concurrent puts of the same content once, each answering its sha256', async () => {
    const content = randomBytes(256 * 1024 + 17);
    const before = await probe.countStoredObjects();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.put(streamed(content, 4096 * (i + 1)), { maxBytes: content.length })));
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha256Of(content)]));
    const stored = await buffer((await store.open(sha256Of(content)))!);
    expect(stored.equals(content)).toBe(true);
    // One copy: the same growth as storing it once, whatever the adapter counts as an object.
    const after = await probe.countStoredObjects();
    const single = randomBytes(content.length);
    await store.put(streamed(single), { maxBytes: single.length });
    expect(await probe.countStoredObjects()).toBe(after + (after - before));
  });

  it('refuses anything but 64 lowercase hex digits as a sha256: a name is never a path', async () => {
    for (const bad of ['../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(64)}/..`, '', `${'a'.repeat(62)}\0a`, 'g'.repeat(64)]) {
      await expect(store.open(bad)).rejects.toBeInstanceOf(InvalidSha256Error);
      await expect(store.exists(bad)).rejects.toBeInstanceOf(InvalidSha256Error);
    }
    await expect(store.open({ $ne: null } as unknown as string)).rejects.toBeInstanceOf(InvalidSha256Error);
  });

  it('answers null and false for a sha256 it does not hold', async () => {
    const unknown = sha256Of(randomBytes(32));
    expect(await store.open(unknown)).toBeNull();
    expect(await store.exists(unknown)).toBe(false);
  });

  describe('staged uploads (refused ones leave nothing; nothing another upload uses is removed)', () => {
    const stage = (content: Buffer) => store.stage(streamed(content), { maxBytes: content.length });

    it('keeps staged content out of sight until it is committed, then for good once kept', async () => {
      const content = randomBytes(40_000);
      const staged = await stage(content);
      expect(staged).toMatchObject({ sha256: sha256Of(content), size: content.length });
      expect(await store.exists(staged.sha256)).toBe(false);
      expect(await store.open(staged.sha256)).toBeNull();
      await staged.commit();
      await staged.keep();
      expect((await buffer((await store.open(staged.sha256))!)).equals(content)).toBe(true);
      await staged.discard(); // settled: a late discard changes nothing
      expect(await store.exists(staged.sha256)).toBe(true);
    });

    it('leaves nothing of an upload discarded before or after its commit', async () => {
      const before = await probe.countStoredObjects();
      const early = await stage(randomBytes(30_000));
      await early.discard();
      const late = await stage(randomBytes(30_000));
      await late.commit();
      expect(await store.exists(late.sha256)).toBe(true);
      await late.discard();
      await late.discard();
      expect(await store.exists(early.sha256)).toBe(false);
      expect(await store.exists(late.sha256)).toBe(false);
      expect(await probe.countStoredObjects()).toBe(before);
    });

    it('never removes content stored before when an upload of the same bytes is discarded', async () => {
      const content = randomBytes(30_000);
      await store.put(streamed(content), { maxBytes: content.length });
      const objects = await probe.countStoredObjects();
      const again = await stage(content);
      await again.commit();
      await again.discard();
      expect((await buffer((await store.open(sha256Of(content)))!)).equals(content)).toBe(true);
      expect(await probe.countStoredObjects()).toBe(objects);
    });

    it('keeps a copy while another upload of the same bytes holds or kept it, and removes it when none does', async () => {
      const before = await probe.countStoredObjects();
      const content = randomBytes(30_000);
      const [first, second] = await Promise.all([stage(content), stage(content)]);
      await first.commit();
      await second.commit();
      await first.discard();
      expect(await store.exists(sha256Of(content))).toBe(true); // the second still holds it
      await second.keep();
      const third = await stage(content);
      await third.commit();
      await third.discard();
      expect((await buffer((await store.open(sha256Of(content)))!)).equals(content)).toBe(true); // the second kept it

      const other = randomBytes(30_000);
      const [a, b] = await Promise.all([stage(other), stage(other)]);
      await Promise.all([a.commit(), b.commit()]);
      await Promise.all([a.discard(), b.discard()]);
      expect(await store.exists(sha256Of(other))).toBe(false);
      // One copy of `content` is all that is left of these uploads.
      const single = randomBytes(30_000);
      const growth = (await probe.countStoredObjects()) - before;
      await store.put(streamed(single), { maxBytes: single.length });
      expect((await probe.countStoredObjects()) - before).toBe(2 * growth);
    });

    it('sweeps what an interrupted upload left behind, never a live upload', async () => {
      const before = await probe.countStoredObjects();
      await probe.abandonUpload();
      expect(await probe.countStoredObjects()).toBeGreaterThan(before);
      const abandoned = await probe.countStoredObjects();

      // A live upload, halfway through its stream while the sweep runs (large enough to be on its way to storage).
      const content = randomBytes(3 * 1024 * 1024);
      let resume!: () => void;
      const paused = new Promise<void>((resolve) => (resume = resolve));
      async function* halfway() {
        yield* streamed(content.subarray(0, 2 * 1024 * 1024), 256 * 1024);
        await paused;
        yield* streamed(content.subarray(2 * 1024 * 1024), 256 * 1024);
      }
      const live = store.stage(halfway(), { maxBytes: content.length });
      for (let i = 0; i < 200 && (await probe.countStoredObjects()) === abandoned; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await probe.countStoredObjects()).toBeGreaterThan(abandoned);

      expect(await store.sweep()).toBeGreaterThanOrEqual(1);
      resume();
      const staged = await live;
      await staged.commit();
      await staged.keep();
      expect((await buffer((await store.open(sha256Of(content)))!)).equals(content)).toBe(true);
      await store.sweep();
      // What is left: the live upload's file, and nothing of the interrupted one.
      const single = randomBytes(content.length);
      const growth = (await probe.countStoredObjects()) - before;
      await store.put(streamed(single), { maxBytes: single.length });
      expect((await probe.countStoredObjects()) - before).toBe(2 * growth);
    });
  });

  it('pings', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
}
