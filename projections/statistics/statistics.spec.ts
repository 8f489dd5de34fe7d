import { caseCodec, statusAfter } from '@shtc/domain';
import type { RecordedEvent } from '@shtc/event-store';
import { projectInMemory, type Document } from '@shtc/read-store';
import { officeCalendar, regimesOf } from '@shtc/reference-data';
import { aprilLog, eventStoreOf, laser, sensor, LogBuilder } from './statistics.fixtures';
import { STATISTICS_CASES, STATISTICS_CELLS, STATISTICS_LICENCES, STATISTICS_POSITION, statisticsProjection, type StatisticsCell } from './statistics.projection';
import { StatisticsGroups, cellRanges, cellReads, type StatisticsAnswer, type StatisticsQuery } from './statistics-query';
import { replayStatistics } from './statistics-replay';
import type { Grouping } from './dimensions';
import { FOLDED_EVENT_TYPES } from './statistics-fold';

const projection = statisticsProjection({ calendar: officeCalendar });
const reference = { calendar: officeCalendar, regimesOf };

/** The figures as GET /statistics reads them: the projection's cells covering the range, merged. */
async function fromCells(documents: Map<string, Map<string, Document>>, query: StatisticsQuery, position: bigint): Promise<StatisticsAnswer> {
  const cells = [...(documents.get(STATISTICS_CELLS)?.values() ?? [])] as StatisticsCell[];
  const groups = new StatisticsGroups(query, regimesOf);
  for (const read of cellReads(query)) {
    for (const cell of cells) if (cell.grain === read.grain && cell.dimension === read.dimension && cell.period >= read.from && cell.period <= read.to) groups.addCell(read, cell);
  }
  return groups.answer(position);
}

/** The figures as the CLI recomputes them: a replay of the log, without the projection. */
const replayed = (events: RecordedEvent[], query: StatisticsQuery) => replayStatistics(eventStoreOf(events), query, reference);

const april = (by: Grouping = 'month'): StatisticsQuery => ({ from: '2027-04-01', to: '2027-04-30', by });

describe('statistics: the figures of a known log (issue 14)', () => {
  const { events } = aprilLog();
  const head = events[events.length - 1].position;

  it('counts cases filed and decided, by outcome, with their processing time in working days (R-REV-4)', async () => {
    const { total, position, groups } = await replayed(events, april());
    expect(position).toBe(String(head));
    expect(groups.map((group) => group.key)).toEqual(['2027-04']);
    expect(total.cases).toEqual({ filed: 8, submitted: 7, decided: 8, approved: 2, rejected: 2, closedForAmendment: 2, cancelled: 2 });
    // B 0, D 1, A 2, F 2, C 3, H 4, G 6: E was cancelled before submission and has no processing time.
    expect(total.processingTime).toEqual({
      decided: 7, medianWorkingDays: 2, p90WorkingDays: 6, within7WorkingDays: 7, within30WorkingDays: 7, shareWithin7WorkingDays: 1, shareWithin30WorkingDays: 1,
    });
    expect(total.supplements).toEqual({ requested: 1, answered: 1, answerMedianWorkingDays: 2, answerP90WorkingDays: 2 });
    expect(total.consultations).toEqual({ referred: 1, completed: 1, medianWorkingDays: 4, p90WorkingDays: 4 });
    expect(total.returnsFromSecondReview).toBe(1);
    expect(total.reasons).toEqual({
      rejected: [{ reason: 'End user not credible', count: 2 }],
      closedForAmendment: [{ reason: 'Consignee address incomplete', count: 2 }, { reason: 'End use unclear', count: 1 }],
    });
  });

  it('counts licences issued, their licensed and shipped value per currency, and those expired unused', async () => {
    const { total } = await replayed(events, april());
    // A's item released in two parts: 40 of 100.5 is worth 4776.1194 (rounded half up), the rest 7223.8806, together its 12000.
    expect(total.licences).toEqual({
      issued: 2, cancelled: 0, expiredUnused: 0, balancesReissued: 0,
      values: [{ currency: 'EUR', licensed: '500', shipped: '0' }, { currency: 'USD', licensed: '24000', shipped: '12000' }],
    });
    const firstRelease = await replayed(events, { from: '2027-04-12', to: '2027-04-12', by: 'month' });
    expect(firstRelease.total.licences.values).toEqual([{ currency: 'USD', licensed: '0', shipped: '4776.1194' }]);
    const october = await replayed(events, { from: '2027-10-01', to: '2027-10-31', by: 'month' });
    expect(october.total.licences).toMatchObject({ issued: 0, expiredUnused: 1, values: [] });
  });

  it('shares decided within 7 and 30 working days, over the cases timed', async () => {
    const { groups } = await replayed(events, { from: '2027-04-01', to: '2027-04-08', by: 'route' });
    // Decided by Thu 8: B 0, D 1, A 2, C 3.
    expect(groups).toEqual([expect.objectContaining({ key: 'STANDARD' })]);
    expect(groups[0].processingTime).toMatchObject({ decided: 4, medianWorkingDays: 1.5, p90WorkingDays: 3, shareWithin7WorkingDays: 1 });
  });

  it('breaks the figures down by destination, export control category and regime', async () => {
    const byDestination = await replayed(events, april('destination'));
    expect(byDestination.groups.map((g) => [g.key, g.cases.filed, g.cases.approved, g.licences.issued])).toEqual([['DE', 7, 1, 1], ['IN', 1, 1, 1]]);
    // F's goods are in categories 3 and 5: it counts in both, so the groups add up to more than the total.
    const byCategory = await replayed(events, april('category'));
    expect(byCategory.groups.map((g) => [g.key, g.cases.filed, g.licences.values])).toEqual([
      ['3', 1, [{ currency: 'EUR', licensed: '500', shipped: '0' }, { currency: 'USD', licensed: '12000', shipped: '0' }]],
      ['5', 8, [{ currency: 'EUR', licensed: '500', shipped: '0' }, { currency: 'USD', licensed: '24000', shipped: '12000' }]],
    ]);
    // Germany is in all four regimes; India in all but the Nuclear Suppliers Group (regimes.json).
    const byRegime = await replayed(events, april('regime'));
    expect(byRegime.groups.map((g) => [g.key, g.cases.filed])).toEqual([['WASSENAAR', 8], ['MTCR', 8], ['NSG', 7], ['AUSTRALIA_GROUP', 8]]);
  });

  it('lists every month of the range, with zeros where nothing happened', async () => {
    const { groups } = await replayed(events, { from: '2027-03-15', to: '2027-05-02', by: 'month' });
    expect(groups.map((g) => [g.key, g.cases.filed, g.processingTime.medianWorkingDays])).toEqual([['2027-03', 0, null], ['2027-04', 8, 2], ['2027-05', 0, null]]);
  });

  it('gives the same answer from the projection\'s cells as from a replay, for ranges of whole months and of days', async () => {
    const documents = await projectInMemory(projection, events);
    const ranges: Array<[string, string]> = [['2027-04-01', '2027-04-30'], ['2027-04-02', '2027-04-08'], ['2027-03-31', '2027-04-12'], ['2027-04-09', '2027-10-09'], ['2027-01-01', '2027-12-31']];
    for (const [from, to] of ranges) {
      for (const by of ['month', 'route', 'kind', 'destination', 'category', 'regime'] as const) {
        const query = { from, to, by };
        expect(await fromCells(documents, query, head)).toEqual(await replayed(events, query));
      }
    }
  });

  it('is idempotent: applying the log again changes no document', async () => {
    const once = await projectInMemory(projection, events);
    const twice = await projectInMemory(projection, events, await projectInMemory(projection, events));
    expect(twice).toEqual(once);
    expect(once.get(STATISTICS_POSITION)?.get('folded')).toEqual({ id: 'folded', position: expect.stringMatching(new RegExp(`0*${head}$`)) });
  });

  it('skips, undecoded, only case events that change no status (statusAfter)', () => {
    const skipped = Object.entries(FOLDED_EVENT_TYPES).filter(([type, read]) => !read && (caseCodec.types as readonly string[]).includes(type));
    expect(skipped.length).toBeGreaterThan(0);
    for (const [type] of skipped) expect(statusAfter({ type, data: {} } as never)).toBeNull();
  });

  it('keeps only what later events need: a decided case keeps its dimensions, not its history', async () => {
    const documents = await projectInMemory(projection, events);
    expect(documents.get(STATISTICS_CASES)?.get('A')).toMatchObject({ decided: true, statusHistory: [], dimensions: { route: 'STANDARD', kind: 'NEW', destination: 'DE', categories: ['5'] } });
    expect(documents.get(STATISTICS_LICENCES)?.get('L-A')).toMatchObject({ released: true, items: [{ itemNo: 1, shipped: '100.5' }] });
    // Keys are fixed names only: currencies and reasons sit in arrays of entries (MongoDB keys hold no data).
    for (const cell of documents.get(STATISTICS_CELLS)!.values()) {
      const keys = JSON.stringify(cell).match(/"([^"]+)":/g)!.map((key) => key.slice(1, -2));
      expect(keys.every((key) => /^[a-zA-Z0-9]+$/.test(key))).toBe(true);
    }
  });
});

describe('statistics: licences corrected, cancelled and reissued', () => {
  it('moves the licensed value from the old terms to the corrected ones, and counts cancellations and reissues', async () => {
    const log = new LogBuilder();
    log.caseOf('K').registered('2027-04-01').submitted('2027-04-01').forwarded('2027-04-01').approved('2027-04-02', 'L-K');
    log.licenceOf('L-K').issued('K', '2027-04-02', 'DE', [laser()]).corrected('2027-05-03', 'IN', [laser({ amount: '9000' }), sensor()]);
    log.licenceOf('L-K').cancelled('2027-05-04').reissued('2027-05-05', 'R');
    const april = await replayed(log.events, { from: '2027-04-01', to: '2027-04-30', by: 'destination' });
    expect(april.total.licences.values).toEqual([{ currency: 'USD', licensed: '12000', shipped: '0' }]);
    const may = await replayed(log.events, { from: '2027-05-01', to: '2027-05-31', by: 'destination' });
    expect(may.total.licences).toEqual({
      issued: 0, cancelled: 1, expiredUnused: 0, balancesReissued: 1,
      values: [{ currency: 'EUR', licensed: '500', shipped: '0' }, { currency: 'USD', licensed: '-3000', shipped: '0' }],
    });
    // The cancellation and reissue count under the corrected destination.
    expect(may.groups.map((g) => [g.key, g.licences.values, g.licences.cancelled])).toEqual([
      ['DE', [{ currency: 'USD', licensed: '-12000', shipped: '0' }], 0],
      ['IN', [{ currency: 'EUR', licensed: '500', shipped: '0' }, { currency: 'USD', licensed: '9000', shipped: '0' }], 1],
    ]);
    const documents = await projectInMemory(statisticsProjection({ calendar: officeCalendar }), log.events);
    expect(await fromCells(documents, { from: '2027-04-01', to: '2027-05-31', by: 'destination' }, log.events[log.events.length - 1].position)).toEqual(
      await replayed(log.events, { from: '2027-04-01', to: '2027-05-31', by: 'destination' }),
    );
  });
});

describe('cell ranges: whole months from month cells, the rest from day cells', () => {
  it('covers a range exactly', () => {
    expect(cellRanges('2027-04-01', '2027-04-30')).toEqual([{ grain: 'month', from: '2027-04', to: '2027-04' }]);
    expect(cellRanges('2027-01-15', '2027-04-10')).toEqual([
      { grain: 'day', from: '2027-01-15', to: '2027-01-31' },
      { grain: 'month', from: '2027-02', to: '2027-03' },
      { grain: 'day', from: '2027-04-01', to: '2027-04-10' },
    ]);
    expect(cellRanges('2027-04-02', '2027-04-02')).toEqual([{ grain: 'day', from: '2027-04-02', to: '2027-04-02' }]);
    expect(cellRanges('2027-12-01', '2029-01-31')).toEqual([{ grain: 'month', from: '2027-12', to: '2029-01' }]);
    expect(cellRanges('2028-02-01', '2028-02-28')).toEqual([{ grain: 'day', from: '2028-02-01', to: '2028-02-28' }]); // 2028 is a leap year
  });
});
