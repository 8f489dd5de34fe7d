import { Decimal } from '@shtc/domain';

/** What is counted, each a number of events. */
export const COUNTS = [
  'filed',
  'submitted',
  'approved',
  'rejected',
  'closedForAmendment',
  'cancelled',
  'supplementsRequested',
  'supplementsAnswered',
  'consultationsReferred',
  'consultationsCompleted',
  'returnsFromSecondReview',
  'licencesIssued',
  'licencesCancelled',
  'licencesExpiredUnused',
  'balancesReissued',
] as const;
export type CountName = (typeof COUNTS)[number];

/** What is timed, each in whole working days (R-REV-4). */
export const DURATIONS = ['processing', 'supplementAnswer', 'consultation'] as const;
export type DurationName = (typeof DURATIONS)[number];

/** The reasons reviewers recorded, by decision. */
export const REASON_KINDS = ['rejected', 'closedForAmendment'] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];

/** Licensed and shipped value in one currency: decimal strings (architecture.md item 8). */
export interface ValueLine {
  currency: string;
  licensed: string;
  shipped: string;
}

export interface ReasonCount {
  reason: string;
  count: number;
}

/**
 * What happened in one period under one set of dimensions, or in a whole range. Only what is not
 * zero is kept. Durations are histograms: `durations.processing[d]` cases took d whole working
 * days. A duration in whole working days has a small range, so a histogram is small, and merging
 * the histograms of many periods gives the exact median and 90th percentile of all of them.
 * Every key is a fixed name: values that come from data (currencies, reasons) sit in arrays of
 * entries, never in keys (MongoDB restricts keys with dots and `$`).
 */
export interface Tally {
  counts: Partial<Record<CountName, number>>;
  durations: Partial<Record<DurationName, number[]>>;
  /** By currency, in currency order. */
  values: ValueLine[];
  /** By reason text, in text order. */
  reasons: Partial<Record<ReasonKind, ReasonCount[]>>;
}

/** What one event adds to a tally. */
export interface TallyChange {
  counts?: Partial<Record<CountName, number>>;
  /** One duration of each name, in whole working days. */
  durations?: Partial<Record<DurationName, number>>;
  /** Value to add per currency; negative where a correction lowered it. */
  values?: ValueLine[];
  reasons?: Partial<Record<ReasonKind, readonly string[]>>;
}

export function emptyTally(): Tally {
  return { counts: {}, durations: {}, values: [], reasons: {} };
}

/**
 * The tally after one change. It builds a new tally and copies only what the change touches:
 * the projection calls it for every event (documents it wrote are frozen), and the replay of the
 * CLI for every event too.
 */
export function addChange(tally: Tally, change: TallyChange): Tally {
  let { counts, durations, values, reasons } = tally;
  if (change.counts) {
    counts = { ...counts };
    for (const [name, n] of entries(change.counts)) counts[name] = (counts[name] ?? 0) + n;
  }
  if (change.durations) {
    durations = { ...durations };
    for (const [name, days] of entries(change.durations)) {
      if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`A duration is a whole number of days, not ${days}`);
      const histogram = [...(durations[name] ?? [])];
      while (histogram.length <= days) histogram.push(0);
      histogram[days] += 1;
      durations[name] = histogram;
    }
  }
  if (change.values && change.values.length > 0) values = mergeValues(values, change.values);
  if (change.reasons) {
    reasons = { ...reasons };
    for (const [kind, texts] of entries(change.reasons)) reasons[kind] = mergeReasons(reasons[kind] ?? [], texts.map((reason) => ({ reason, count: 1 })));
  }
  return { counts, durations, values, reasons };
}

/** Two tallies added up: the figures of a range are its periods' tallies merged. */
export function mergeTallies(a: Tally, b: Tally): Tally {
  const counts = { ...a.counts };
  for (const [name, n] of entries(b.counts)) counts[name] = (counts[name] ?? 0) + n;
  const durations = { ...a.durations };
  for (const [name, histogram] of entries(b.durations)) durations[name] = mergeHistograms(durations[name] ?? [], histogram);
  const reasons = { ...a.reasons };
  for (const [kind, counted] of entries(b.reasons)) reasons[kind] = mergeReasons(reasons[kind] ?? [], counted);
  return { counts, durations, values: mergeValues(a.values, b.values), reasons };
}

/**
 * A running sum of tallies and changes, for adding up many of them (a range's cells, a replay's
 * observations): kept mutable, so each is added in place rather than copied into a new tally.
 * Its result is the tally `mergeTallies` and `addChange` give for the same inputs.
 */
export class TallySum {
  private readonly counts = new Map<CountName, number>();
  private readonly durations = new Map<DurationName, number[]>();
  private readonly values = new Map<string, { licensed: bigint; shipped: bigint }>();
  private readonly reasons = new Map<ReasonKind, Map<string, number>>();

  add(tally: Tally): this {
    for (const [name, n] of entries(tally.counts)) this.count(name, n);
    for (const [name, histogram] of entries(tally.durations)) {
      const sum = this.histogram(name, histogram.length - 1);
      for (let days = 0; days < histogram.length; days++) sum[days] += histogram[days];
    }
    for (const line of tally.values) this.value(line);
    for (const [kind, counted] of entries(tally.reasons)) for (const { reason, count } of counted) this.reason(kind, reason, count);
    return this;
  }

  addChange(change: TallyChange): this {
    for (const [name, n] of entries(change.counts ?? {})) this.count(name, n);
    for (const [name, days] of entries(change.durations ?? {})) this.histogram(name, days)[days] += 1;
    for (const line of change.values ?? []) this.value(line);
    for (const [kind, texts] of entries(change.reasons ?? {})) for (const reason of texts) this.reason(kind, reason, 1);
    return this;
  }

  result(): Tally {
    const byKey = <T>([a]: [string, T], [b]: [string, T]) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      counts: Object.fromEntries(this.counts),
      durations: Object.fromEntries([...this.durations].map(([name, histogram]) => [name, [...histogram]])),
      values: [...this.values].sort(byKey).map(([currency, { licensed, shipped }]) => ({
        currency,
        licensed: Decimal.fromUnits(licensed).toString(),
        shipped: Decimal.fromUnits(shipped).toString(),
      })),
      reasons: Object.fromEntries(
        [...this.reasons].map(([kind, counted]) => [kind, [...counted].sort(byKey).map(([reason, count]) => ({ reason, count }))]),
      ),
    };
  }

  private count(name: CountName, n: number): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  /** The histogram of `name`, long enough to hold `days`. */
  private histogram(name: DurationName, days: number): number[] {
    if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`A duration is a whole number of days, not ${days}`);
    let histogram = this.durations.get(name);
    if (!histogram) this.durations.set(name, (histogram = []));
    while (histogram.length <= days) histogram.push(0);
    return histogram;
  }

  private value(line: ValueLine): void {
    const sum = this.values.get(line.currency) ?? { licensed: 0n, shipped: 0n };
    this.values.set(line.currency, { licensed: sum.licensed + Decimal.fromStored(line.licensed).units, shipped: sum.shipped + Decimal.fromStored(line.shipped).units });
  }

  private reason(kind: ReasonKind, reason: string, count: number): void {
    let counted = this.reasons.get(kind);
    if (!counted) this.reasons.set(kind, (counted = new Map()));
    counted.set(reason, (counted.get(reason) ?? 0) + count);
  }
}

function mergeHistograms(a: readonly number[], b: readonly number[]): number[] {
  const merged = Array.from({ length: Math.max(a.length, b.length) }, () => 0);
  a.forEach((n, days) => (merged[days] += n));
  b.forEach((n, days) => (merged[days] += n));
  return merged;
}

function mergeValues(a: readonly ValueLine[], b: readonly ValueLine[]): ValueLine[] {
  const byCurrency = new Map<string, { licensed: Decimal; shipped: Decimal }>();
  for (const line of [...a, ...b]) {
    const sum = byCurrency.get(line.currency) ?? { licensed: Decimal.ZERO, shipped: Decimal.ZERO };
    byCurrency.set(line.currency, { licensed: sum.licensed.add(Decimal.fromStored(line.licensed)), shipped: sum.shipped.add(Decimal.fromStored(line.shipped)) });
  }
  return [...byCurrency]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([currency, { licensed, shipped }]) => ({ currency, licensed: licensed.toString(), shipped: shipped.toString() }));
}

function mergeReasons(a: readonly ReasonCount[], b: readonly ReasonCount[]): ReasonCount[] {
  const counts = new Map<string, number>();
  for (const { reason, count } of [...a, ...b]) counts.set(reason, (counts.get(reason) ?? 0) + count);
  return [...counts].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([reason, count]) => ({ reason, count }));
}

function entries<K extends string, V>(record: Partial<Record<K, V>>): Array<[K, V]> {
  return Object.entries(record).filter(([, value]) => value !== undefined) as Array<[K, V]>;
}

/**
 * The value of the share `part` of `quantity` of a goods line worth `amount`, to 4 decimals,
 * rounded half up: what a shipment of `part` is worth at the licence's price.
 */
export function valueOfShare(amount: Decimal, part: Decimal, quantity: Decimal): Decimal {
  if (quantity.isZero()) return Decimal.ZERO;
  const numerator = amount.units * part.units;
  const whole = numerator / quantity.units;
  const rest = numerator % quantity.units;
  return Decimal.fromUnits(rest * 2n >= quantity.units ? whole + 1n : whole);
}

/**
 * The value at rank `rank` (1-based) of the durations a histogram holds, in whole working days:
 * the smallest duration that at least `rank` of them do not exceed.
 */
export function durationAtRank(histogram: readonly number[], rank: number): number {
  let seen = 0;
  for (let days = 0; days < histogram.length; days++) {
    seen += histogram[days];
    if (seen >= rank) return days;
  }
  throw new RangeError(`Rank ${rank} is beyond the ${seen} durations of the histogram`);
}

export function durationCount(histogram: readonly number[] = []): number {
  return histogram.reduce((sum, n) => sum + n, 0);
}

/** How many durations are at most `days`. */
export function durationsWithin(histogram: readonly number[] = [], days: number): number {
  return histogram.slice(0, days + 1).reduce((sum, n) => sum + n, 0);
}

/** The median: the middle duration, or the mean of the two middle ones (so it may end in .5); null without any. */
export function median(histogram: readonly number[] = []): number | null {
  const n = durationCount(histogram);
  if (n === 0) return null;
  return n % 2 === 1 ? durationAtRank(histogram, (n + 1) / 2) : (durationAtRank(histogram, n / 2) + durationAtRank(histogram, n / 2 + 1)) / 2;
}

/** The 90th percentile by nearest rank: the smallest duration at least 90 % of them do not exceed; null without any. */
export function percentile90(histogram: readonly number[] = []): number | null {
  const n = durationCount(histogram);
  return n === 0 ? null : durationAtRank(histogram, Math.ceil((n * 9) / 10));
}
