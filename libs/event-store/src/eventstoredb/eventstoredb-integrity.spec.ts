import { newEvent } from '@shtc/testing';
import { verifyIntegrity } from '../integrity';
import type { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEsdbClient, overFake, type FakeRecord } from './testing/in-memory-server';

/**
 * The integrity check over EventStoreDB, with records of the in-memory server's log changed or
 * removed as damage behind the server's back would (its API can do neither). The server's stream
 * index, kept apart from the log, still names each stream's last event: that is the head (see
 * "Heads" in eventstoredb-event-store.ts).
 */
describe('verifyIntegrity over EventStoreDB (in-memory model of the server)', () => {
  let fake: FakeEsdbClient;
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    fake = new FakeEsdbClient();
    store = overFake(fake);
    await store.append('case-A', ['Registered', 'Attached', 'Submitted'].map((type, i) => newEvent(type, { i })), 'no_stream');
    await store.append('case-B', ['Registered', 'Attached'].map((type, i) => newEvent(type, { i })), 'no_stream');
    await store.append('case-A', ['Claimed', 'SupplementRequested', 'SupplementProvided'].map((type, i) => newEvent(type, { i: i + 3 })), 2);
  });
  afterEach(() => store.close());

  const record = (stream: string, revision: number): FakeRecord =>
    fake.log.find((r) => r.streamId === stream && r.revision === BigInt(revision))!;
  const remove = (stream: string, ...revisions: number[]) => {
    for (const revision of revisions) fake.log.splice(fake.log.indexOf(record(stream, revision)), 1);
  };
  const brokenOf = async (stream?: string) =>
    (await verifyIntegrity(store, { stream, pageSize: 2 })).broken.map(({ stream: s, revision, reason }) => [s, revision, reason]);

  it('finds every chain whole, skipping the server\'s own link events', async () => {
    expect(await verifyIntegrity(store, { pageSize: 2 })).toMatchObject({ valid: true, streams: 2, events: 8, broken: [] });
    expect(fake.log.some((r) => r.streamId.startsWith('$ce-'))).toBe(true);
  });

  it('names an edited event', async () => {
    (record('case-A', 2).data as { i: number }).i = 99;
    expect(await brokenOf()).toEqual([['case-A', 2, 'HASH_MISMATCH']]);
    expect(await brokenOf('case-A')).toEqual([['case-A', 2, 'HASH_MISMATCH']]);
  });

  it('names an event removed from the middle', async () => {
    remove('case-A', 3);
    expect(await brokenOf()).toEqual([['case-A', 3, 'REVISION_GAP']]);
    expect(await brokenOf('case-A')).toEqual([['case-A', 3, 'REVISION_GAP']]);
  });

  it("names a stream whose end is gone: the index names a last event the server cannot read", async () => {
    remove('case-A', 4, 5);
    expect(await brokenOf()).toEqual([['case-A', 4, 'HEAD_MISSING']]);
    expect(await brokenOf('case-A')).toEqual([['case-A', 4, 'HEAD_MISSING']]);
  });

  it('names two events swapped', async () => {
    const [one, four] = [record('case-A', 1), record('case-A', 4)];
    const { type, data, metadata } = one;
    Object.assign(one, { type: four.type, data: four.data, metadata: four.metadata });
    Object.assign(four, { type, data, metadata });
    expect(await brokenOf()).toEqual([['case-A', 1, 'PREV_HASH_MISMATCH']]);
  });

  it('names a stream whose start was scavenged ($tb, $maxCount): its first events are gone', async () => {
    remove('case-B', 0);
    expect(await brokenOf()).toEqual([['case-B', 0, 'REVISION_GAP']]);
  });
});
