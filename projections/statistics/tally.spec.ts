import { Decimal } from '@shtc/domain';
import { TallySum, addChange, emptyTally, median, mergeTallies, percentile90, valueOfShare, type TallyChange } from './tally';

describe('tallies: counts, duration histograms, values and reasons that merge exactly', () => {
  it('gives the exact median and 90th percentile of the durations a histogram holds', () => {
    const histogram = (...days: number[]) => days.reduce((tally, d) => addChange(tally, { durations: { processing: d } }), emptyTally()).durations.processing;
    expect(median(histogram())).toBeNull();
    expect(percentile90(histogram())).toBeNull();
    expect([median(histogram(4)), percentile90(histogram(4))]).toEqual([4, 4]);
    expect(median(histogram(1, 3))).toBe(2);
    expect(median(histogram(1, 2))).toBe(1.5);
    // Nearest rank: the 9th of 10 durations, the 10th of 11.
    expect(percentile90(histogram(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))).toBe(9);
    expect(percentile90(histogram(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30))).toBe(10);
    expect(percentile90(histogram(1, 2, 3, 4, 5, 6, 7, 8, 9, 30))).toBe(9);
    expect(median(histogram(0, 0, 0, 25))).toBe(0);
  });

  it('adds changes one by one to the same tally as merging the tallies of any split of them', () => {
    const changes: TallyChange[] = [
      { counts: { filed: 1, submitted: 1 } },
      { counts: { approved: 1 }, durations: { processing: 3 } },
      { counts: { rejected: 1 }, durations: { processing: 12 }, reasons: { rejected: ['b', 'a'] } },
      { values: [{ currency: 'USD', licensed: '100.5', shipped: '0' }] },
      { values: [{ currency: 'EUR', licensed: '0', shipped: '3.25' }, { currency: 'USD', licensed: '-0.5', shipped: '1' }] },
      { counts: { rejected: 1 }, durations: { processing: 0 }, reasons: { rejected: ['a'] } },
    ];
    const all = changes.reduce(addChange, emptyTally());
    for (let split = 0; split <= changes.length; split++) {
      const [head, tail] = [changes.slice(0, split).reduce(addChange, emptyTally()), changes.slice(split).reduce(addChange, emptyTally())];
      expect(mergeTallies(head, tail)).toEqual(all);
      // The running sum a range's cells and a replay's observations are added into.
      expect(new TallySum().add(head).add(tail).result()).toEqual(all);
      const sum = new TallySum().add(head);
      for (const change of changes.slice(split)) sum.addChange(change);
      expect(sum.result()).toEqual(all);
    }
    expect(all).toEqual({
      counts: { filed: 1, submitted: 1, approved: 1, rejected: 2 },
      durations: { processing: [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
      values: [{ currency: 'EUR', licensed: '0', shipped: '3.25' }, { currency: 'USD', licensed: '100', shipped: '1' }],
      reasons: { rejected: [{ reason: 'a', count: 2 }, { reason: 'b', count: 1 }] },
    });
  });

  it('values a share of a goods line at the licence\'s price, to 4 decimals, rounded half up', () => {
    const d = Decimal.fromStored;
    expect(valueOfShare(d('12000'), d('40'), d('100.5')).toString()).toBe('4776.1194');
    expect(valueOfShare(d('100'), d('1'), d('3')).toString()).toBe('33.3333');
    expect(valueOfShare(d('100'), d('2'), d('3')).toString()).toBe('66.6667');
    expect(valueOfShare(d('100'), d('3'), d('3')).toString()).toBe('100');
    expect(valueOfShare(d('0.0001'), d('1'), d('2')).toString()).toBe('0.0001'); // half a unit rounds up
  });
});
