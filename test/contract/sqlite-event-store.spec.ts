import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, WrongExpectedRevisionError, verifyChain } from '@shtc/event-store';
import { newEvent, within } from '@shtc/testing';
import { eventStoreContract } from './event-store.contract';

describe('SqliteEventStore', () => {
  eventStoreContract(async () => new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'es-')), 'events.sqlite')));

  describe('beside another writer of the same file (the CLI, a second process)', () => {
    let path: string;
    let a: SqliteEventStore;
    let b: SqliteEventStore;
    beforeEach(() => {
      path = join(mkdtempSync(join(tmpdir(), 'es-two-')), 'events.sqlite');
      a = new SqliteEventStore(path);
      b = new SqliteEventStore(path);
    });
    afterEach(async () => {
      await a.close();
      await b.close();
    });

    it('keeps one gapless hash chain when both append to a stream at once', async () => {
      const appends = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append('sequence-SHTC-2026', [newEvent('NumberAllocated', { i })], 'any'));
      const results = await Promise.all(appends);
      expect(results.map((r) => r.nextRevision).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      const events = await a.readStream('sequence-SHTC-2026');
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(verifyChain('sequence-SHTC-2026', events)).toBeNull();
    });

    it('refuses an expected revision the other writer has passed, and chains after its event', async () => {
      await a.append('case-X', [newEvent('CaseRegistered', {})], 'no_stream');
      // Both believe the stream is at revision 0; the second to commit must lose.
      const outcomes = await Promise.allSettled([a.append('case-X', [newEvent('A', {})], 0), b.append('case-X', [newEvent('B', {})], 0)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(lost.reason).toMatchObject({ actual: 1 });
      await b.append('case-X', [newEvent('C', {})], 1);
      const events = await a.readStream('case-X');
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(verifyChain('case-X', events)).toBeNull();
    });

    it('takes an expected revision the other writer moved the stream to, after its own append there', async () => {
      // The CLI screens a case (ScreenParties) while the server, which appended to it last, runs.
      await a.append('case-Y', [newEvent('CaseRegistered', {})], 'no_stream');
      await b.append('case-Y', [newEvent('PartiesScreened', {})], 0);
      expect((await a.readStream('case-Y')).map((e) => e.type)).toEqual(['CaseRegistered', 'PartiesScreened']);
      await expect(a.append('case-Y', [newEvent('ForwardedToSecondReview', {})], 1)).resolves.toMatchObject({ nextRevision: 2 });
      // And one behind what the other wrote is still refused, naming where the stream is.
      await expect(a.append('case-Y', [newEvent('Late', {})], 1)).rejects.toMatchObject({ actual: 2 });
      expect(verifyChain('case-Y', await b.readStream('case-Y'))).toBeNull();
    });

    it('delivers the other writer\'s events to a subscription, in position order between its own', async () => {
      const controller = new AbortController();
      const seen: string[] = [];
      const following = (async () => {
        for await (const event of a.subscribe({ signal: controller.signal })) {
          seen.push(`${event.position}:${event.type}`);
          if (seen.length === 6) controller.abort();
        }
      })();
      for (const [i, store] of [a, b, a, b, b, a].entries()) await store.append(`case-${i}`, [newEvent(`E${i}`, {})], 'no_stream');
      await within(5000, following, 'the subscription');
      expect(seen).toEqual(['1:E0', '2:E1', '3:E2', '4:E3', '5:E4', '6:E5']);
      // And a stream read, appended to elsewhere, read again.
      expect((await a.readStream('case-1')).map((e) => e.type)).toEqual(['E1']);
      await b.append('case-1', [newEvent('More', {})], 0);
      expect((await a.readStream('case-1')).map((e) => e.type)).toEqual(['E1', 'More']);
    });

    it('creates a stream once when both expect none', async () => {
      const outcomes = await Promise.allSettled([a, b, a, b].map((store) => store.append('account-12345675', [newEvent('AccountRegistered', {})], 'no_stream')));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect((await b.readStream('account-12345675')).length).toBe(1);
    });
  });
});
