import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@shtc/platform';
import { SqliteReadStore, type Document, type ReadStore } from '@shtc/read-store';
import { SESSIONS, Sessions, sessionsOptionsFor, type SignedIn } from './sessions';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const account: SignedIn = { accountId: 'acc-1', businessId: '22099131', role: 'APPLICANT', name: 'Formosa Photonics' };

/** Two API processes share one store; each remembers the sessions it has read. */
describe('Sessions remembered by an API process', () => {
  let dir: string;
  let store: SqliteReadStore;
  let clock: ManualClock;
  let elapsed: number;
  const sessions = (over: ReadStore = store) => new Sessions(over, clock, { recheckAfterMs: SECOND, monotonicMs: () => elapsed });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sessions-'));
    store = new SqliteReadStore(join(dir, 'read.sqlite'));
    clock = new ManualClock();
    elapsed = 0;
    await sessions().onModuleInit();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends a session at once on logout in the same process', async () => {
    const here = sessions();
    const { token } = await here.open(account);
    expect(await here.resume(token)).toEqual(account);
    await here.close(token);
    expect(await here.resume(token)).toBeNull();
  });

  it('ends every session of an account at once on a password reset', async () => {
    const here = sessions();
    const first = await here.open(account);
    const second = await here.open(account);
    const other = await here.open({ ...account, accountId: 'acc-2' });
    for (const { token } of [first, second, other]) expect(await here.resume(token)).not.toBeNull();
    await here.closeAll('acc-1');
    expect(await here.resume(first.token)).toBeNull();
    expect(await here.resume(second.token)).toBeNull();
    expect(await here.resume(other.token)).not.toBeNull();
  });

  it('sees a logout in another process within a second', async () => {
    const here = sessions();
    const there = sessions();
    const { token } = await here.open(account);
    expect(await there.resume(token)).toEqual(account);
    await here.close(token);
    elapsed += SECOND;
    expect(await there.resume(token)).toBeNull();
  });

  it('sees a logout in another process at once when API processes may share the store (MongoDB)', async () => {
    const options = { ...sessionsOptionsFor({ READ_STORE: 'mongodb' }), monotonicMs: () => elapsed };
    const here = new Sessions(store, clock, options);
    const there = new Sessions(store, clock, options);
    const { token } = await here.open(account);
    expect(await there.resume(token)).toEqual(account);
    await here.close(token);
    expect(await there.resume(token)).toBeNull();
  });

  it('expires 20 minutes after the last act, also when that act was not yet written', async () => {
    const here = sessions();
    const { token } = await here.open(account);
    clock.advance(10 * SECOND); // too soon after login to write the slide
    expect(await here.resume(token)).not.toBeNull();
    clock.advance(20 * MINUTE - 5 * SECOND); // 20 min 5 s after login, 19 min 55 s after the act
    elapsed += 20 * MINUTE; // read again from the store, which still says "login"
    expect(await here.resume(token)).not.toBeNull();
    clock.advance(20 * MINUTE);
    expect(await here.resume(token)).toBeNull();
    expect(await sessions().resume(token)).toBeNull(); // deleted, not merely judged by the clock
  });

  it('keeps the slide it wrote across a restart', async () => {
    const before = sessions();
    const { token } = await before.open(account);
    clock.advance(19 * MINUTE);
    expect(await before.resume(token)).not.toBeNull();
    clock.advance(19 * MINUTE);
    expect(await sessions().resume(token)).toEqual(account);
  });

  it('serves the request when the disk refuses the slide (full or read-only), and writes the slide with a later one', async () => {
    let refusal: Error | null = null;
    const disk: ReadStore = Object.create(store);
    disk.put = async (collection: string, doc: Document) => {
      if (refusal) throw refusal;
      return store.put(collection, doc);
    };
    const here = sessions(disk);
    const { token } = await here.open(account);
    clock.advance(19 * MINUTE);
    refusal = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(await here.resume(token)).toEqual(account);
    // Another failure is not the disk's: the request fails.
    clock.advance(MINUTE / 2);
    elapsed += SECOND;
    refusal = new Error('something else');
    await expect(here.resume(token)).rejects.toThrow('something else');
    // Space is back: the next request writes the slide, which a restart then finds.
    refusal = null;
    expect(await here.resume(token)).toEqual(account);
    clock.advance(19 * MINUTE);
    expect(await sessions().resume(token)).toEqual(account);
  });

  it('does not bring back a session ended while its slide was being written', async () => {
    let releasePut: () => void = () => undefined;
    const slow: ReadStore = Object.create(store);
    slow.put = async (collection: string, doc: Document) => {
      if (collection === SESSIONS) await new Promise<void>((resolve) => (releasePut = resolve));
      return store.put(collection, doc);
    };
    const opener = sessions();
    const { token } = await opener.open(account);
    const here = sessions(slow);
    clock.advance(MINUTE);
    const resuming = here.resume(token);
    await new Promise((resolve) => setImmediate(resolve));
    await here.close(token);
    releasePut();
    expect(await resuming).toBeNull();
    expect(await sessions().resume(token)).toBeNull();
  });
});
