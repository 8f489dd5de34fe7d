import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEvent } from '@shtc/testing';
import { sealEvent } from '../envelope';
import type { EventStore } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { verifyIntegrity } from './verify-integrity';

/**
 * The check against a SQLite file changed behind the store's back, as someone with access to the
 * file would change it. The store stays open (a running server): the check reads the file.
 */
describe('verifyIntegrity over a SQLite file', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'integrity-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    // case-A: six events over three appends; case-B: three; account-C: two.
    await store.append('case-A', ['Registered', 'Attached', 'Submitted'].map((type, i) => newEvent(type, { i, z: 'last', a: 'first' })), 'no_stream');
    await store.append('case-B', ['Registered', 'Attached', 'Submitted'].map((type, i) => newEvent(type, { i })), 'no_stream');
    await store.append('case-A', [newEvent('Claimed', { i: 3 }), newEvent('SupplementRequested', { i: 4 })], 2);
    await store.append('account-C', [newEvent('AccountRegistered', { i: 0 }), newEvent('AgentAuthorized', { i: 1 })], 'no_stream');
    await store.append('case-A', [newEvent('SupplementProvided', { i: 5 })], 4);
    db = new Database(join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sql = (statement: string, ...params: unknown[]) => db.prepare(statement).run(...params).changes;
  const brokenOf = async (options: { stream?: string; pageSize?: number } = {}) =>
    (await verifyIntegrity(store, options)).broken.map(({ stream, revision, reason }) => ({ stream, revision, reason }));

  it('finds every chain whole, reading in pages, and counts streams and events', async () => {
    for (const pageSize of [1, 2, 1000]) {
      expect(await verifyIntegrity(store, { pageSize })).toEqual({ valid: true, streams: 3, events: 11, broken: [], position: 11n });
    }
    expect(await verifyIntegrity(store, { stream: 'case-A', pageSize: 4 })).toMatchObject({ valid: true, streams: 1, events: 6 });
  });

  it('gives the event loop back between pages, so a running server keeps answering', async () => {
    let turns = 0;
    let checking = true;
    const other = () => {
      if (!checking) return;
      turns += 1;
      setImmediate(other);
    };
    setImmediate(other);
    await verifyIntegrity(store, { pageSize: 2 }); // 11 events: 6 pages
    checking = false;
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('names an edited event: its content no longer hashes to its hash', async () => {
    expect(sql("UPDATE events SET data = json_set(data, '$.i', 99) WHERE stream = 'case-A' AND revision = 2")).toBe(1);
    const report = await verifyIntegrity(store, { pageSize: 2 });
    expect(report).toMatchObject({ valid: false, streams: 3, events: 11 });
    expect(report.broken).toEqual([
      { stream: 'case-A', revision: 2, reason: 'HASH_MISMATCH', position: 3n, message: 'revision 2 does not hash to the hash recorded with it: it was changed after it was written' },
    ]);
    expect(await brokenOf({ stream: 'case-A' })).toEqual([{ stream: 'case-A', revision: 2, reason: 'HASH_MISMATCH' }]);
  });

  it('names an edited actor in the metadata, and an edited event type', async () => {
    sql(`UPDATE events SET metadata = json_set(metadata, '$.actor.businessId', '99999999') WHERE stream = 'case-B' AND revision = 1`);
    sql(`UPDATE events SET type = 'Approved' WHERE stream = 'account-C' AND revision = 0`);
    expect(await brokenOf()).toEqual([
      { stream: 'account-C', revision: 0, reason: 'HASH_MISMATCH' },
      { stream: 'case-B', revision: 1, reason: 'HASH_MISMATCH' },
    ]);
  });

  it('names an event deleted from the middle: a revision gap, or, renumbered, a broken link', async () => {
    sql("DELETE FROM events WHERE stream = 'case-A' AND revision = 2");
    expect(await brokenOf({ pageSize: 2 })).toEqual([{ stream: 'case-A', revision: 2, reason: 'REVISION_GAP' }]);
    expect(await brokenOf({ stream: 'case-A' })).toEqual([{ stream: 'case-A', revision: 2, reason: 'REVISION_GAP' }]);

    // Renumbered so that no revision is missing: the event now at 2 does not chain onto 1.
    sql("UPDATE events SET revision = revision - 1 WHERE stream = 'case-A' AND revision > 2");
    sql("UPDATE streams SET revision = 4 WHERE stream = 'case-A'");
    expect(await brokenOf()).toEqual([{ stream: 'case-A', revision: 2, reason: 'PREV_HASH_MISMATCH' }]);
    expect(await brokenOf({ stream: 'case-A' })).toEqual([{ stream: 'case-A', revision: 2, reason: 'PREV_HASH_MISMATCH' }]);
  });

  it('names a stream truncated at its end, or emptied, against its recorded head', async () => {
    sql("DELETE FROM events WHERE stream = 'case-A' AND revision >= 4");
    sql("DELETE FROM events WHERE stream = 'case-B'");
    const report = await verifyIntegrity(store, { pageSize: 2 });
    expect(report).toMatchObject({ valid: false, streams: 3, events: 6 });
    expect(report.broken).toEqual([
      expect.objectContaining({ stream: 'case-A', revision: 4, reason: 'TRUNCATED', message: "the events end at revision 3 but the stream's recorded head is revision 5: revisions 4 to 5 are missing" }),
      expect.objectContaining({ stream: 'case-B', revision: 0, reason: 'TRUNCATED', message: "no event is left but the stream's recorded head is revision 2: revisions 0 to 2 are missing" }),
    ]);
    expect(await brokenOf({ stream: 'case-A' })).toEqual([{ stream: 'case-A', revision: 4, reason: 'TRUNCATED' }]);
    expect(await brokenOf({ stream: 'case-B' })).toEqual([{ stream: 'case-B', revision: 0, reason: 'TRUNCATED' }]);
  });

  it('names two events swapped, by content or by revision number', async () => {
    // Revisions 1 and 3 trade their contents: revision 1 no longer chains onto revision 0.
    const row = (revision: number) => db.prepare("SELECT type, data, metadata FROM events WHERE stream = 'case-A' AND revision = ?").get(revision) as Record<string, string>;
    const [one, three] = [row(1), row(3)];
    const put = (revision: number, r: Record<string, string>) =>
      sql("UPDATE events SET type = ?, data = ?, metadata = ? WHERE stream = 'case-A' AND revision = ?", r.type, r.data, r.metadata, revision);
    put(1, three);
    put(3, one);
    expect(await brokenOf()).toEqual([{ stream: 'case-A', revision: 1, reason: 'PREV_HASH_MISMATCH' }]);
    expect(await brokenOf({ stream: 'case-A' })).toEqual([{ stream: 'case-A', revision: 1, reason: 'PREV_HASH_MISMATCH' }]);

    // Back, then the rows trade revision numbers instead: the log's order is no longer the stream's.
    put(1, one);
    put(3, three);
    expect(await brokenOf()).toEqual([]);
    sql("UPDATE events SET revision = -1 WHERE stream = 'case-A' AND revision = 1");
    sql("UPDATE events SET revision = 1 WHERE stream = 'case-A' AND revision = 3");
    sql("UPDATE events SET revision = 3 WHERE stream = 'case-A' AND revision = -1");
    expect(await brokenOf()).toEqual([{ stream: 'case-A', revision: 1, reason: 'REVISION_GAP' }]);
    expect(await brokenOf({ stream: 'case-A' })).toEqual([{ stream: 'case-A', revision: 1, reason: 'PREV_HASH_MISMATCH' }]);
  });

  it('names events written past the recorded head, and a stream whose head is gone', async () => {
    const last = (await store.readStream('case-B'))[2];
    const extra = sealEvent(last.metadata.hash, newEvent('Approved', {}));
    sql("INSERT INTO events (stream, revision, type, data, metadata) VALUES ('case-B', 3, ?, ?, ?)", extra.type, extra.dataJson, JSON.stringify(extra.metadata));
    sql("DELETE FROM streams WHERE stream = 'account-C'");
    expect(await brokenOf()).toEqual([
      { stream: 'account-C', revision: 2, reason: 'HEAD_MISSING' },
      { stream: 'case-B', revision: 3, reason: 'BEYOND_HEAD' },
    ]);
    expect(await brokenOf({ stream: 'case-B' })).toEqual([{ stream: 'case-B', revision: 3, reason: 'BEYOND_HEAD' }]);
  });

  it("names a head that records another last event than the stream's", async () => {
    sql("UPDATE streams SET last_hash = ? WHERE stream = 'case-B'", 'f'.repeat(64));
    expect(await brokenOf()).toEqual([{ stream: 'case-B', revision: 2, reason: 'HEAD_MISMATCH' }]);
  });

  it('names metadata that is not JSON, and keeps checking the other streams', async () => {
    sql("UPDATE events SET metadata = 'not json' WHERE stream = 'case-B' AND revision = 0");
    const report = await verifyIntegrity(store);
    expect(report.broken.map((b) => [b.stream, b.revision, b.reason])).toEqual([['case-B', 0, 'UNREADABLE']]);
    expect(report).toMatchObject({ streams: 3, events: 11 });
  });

  it('holds data stored as other text of the same value (as the store once wrote it), but not another value', async () => {
    const stored = (db.prepare("SELECT data FROM events WHERE stream = 'case-A' AND revision = 0").get() as { data: string }).data;
    expect(stored).toBe('{"a":"first","i":0,"z":"last"}');
    sql(`UPDATE events SET data = '{ "z": "last", "i": 0, "a": "first" }' WHERE stream = 'case-A' AND revision = 0`);
    expect(await brokenOf()).toEqual([]);
    sql(`UPDATE events SET data = '{ "z": "last", "i": 0, "a": "other" }' WHERE stream = 'case-A' AND revision = 0`);
    expect(await brokenOf()).toEqual([{ stream: 'case-A', revision: 0, reason: 'HASH_MISMATCH' }]);
  });

  it('checks events appended while it runs instead of calling the stream truncated', async () => {
    // The appends land just after the check has taken the log's head, before it reads anything.
    const racing = new Proxy(store, {
      get(target, key) {
        if (key !== 'headPosition') return Reflect.get(target, key, target);
        return async () => {
          const head = await target.headPosition();
          await target.append('case-B', [newEvent('Claimed', {})], 2);
          await target.append('case-D', [newEvent('Registered', {})], 'no_stream');
          return head;
        };
      },
    }) as EventStore;
    expect(await verifyIntegrity(racing, { pageSize: 2 })).toEqual({ valid: true, streams: 4, events: 13, broken: [], position: 11n });
  });
});
