import { GROUPINGS, cellValues, compareGroupKeys, dimensionOf, groupKeysOfPart, partOf, type CellDimension, type Dimensions, type Grouping, type RegimesOf } from './dimensions';
import { figuresOf, type Figures } from './figures';
import { TallySum, type Tally, type TallyChange } from './tally';

/** A range of Taipei dates, both ends included, and how to break it down. */
export interface StatisticsQuery {
  from: string;
  to: string;
  by: Grouping;
}

/** The longest range one answer covers: its cost grows with the periods it spans. */
export const MAX_RANGE_YEARS = 3;

export interface QueryError {
  field: string;
  message: string;
}

/** Checks `?from=&to=&by=` (or the CLI's options): both dates real, from not after to, at most {@link MAX_RANGE_YEARS} years. */
export function parseStatisticsQuery(input: { from?: unknown; to?: unknown; by?: unknown }): { ok: true; query: StatisticsQuery } | { ok: false; errors: QueryError[] } {
  const errors: QueryError[] = [];
  const date = (field: 'from' | 'to'): string | null => {
    const value = input[field];
    if (value === undefined || value === '') errors.push({ field, message: `${field} is required: a date YYYY-MM-DD (Taipei)` });
    else if (typeof value !== 'string' || !isDate(value)) errors.push({ field, message: `${field} must be a date YYYY-MM-DD, e.g. 2027-01-31` });
    else return value;
    return null;
  };
  const from = date('from');
  const to = date('to');
  const by = input.by === undefined || input.by === '' ? 'month' : input.by;
  if (typeof by !== 'string' || !(GROUPINGS as readonly string[]).includes(by)) errors.push({ field: 'by', message: `by must be one of ${GROUPINGS.join(', ')}` });
  if (from && to) {
    if (to < from) errors.push({ field: 'to', message: `to (${to}) must not be before from (${from})` });
    else if (to >= addYears(from, MAX_RANGE_YEARS)) errors.push({ field: 'to', message: `The range may span at most ${MAX_RANGE_YEARS} years: to must be before ${addYears(from, MAX_RANGE_YEARS)}` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, query: { from: from!, to: to!, by: by as Grouping } };
}

/** The cells that cover a range exactly: whole months as month cells, the days of a month it covers in part as day cells. */
export interface CellRange {
  grain: 'day' | 'month';
  from: string;
  to: string;
}

export function cellRanges(from: string, to: string): CellRange[] {
  const ranges: CellRange[] = [];
  let day = from;
  while (day <= to) {
    const monthEnd = lastDayOfMonth(day);
    if (day.endsWith('-01') && monthEnd <= to) {
      let month = day.slice(0, 7);
      while (lastDayOfMonth(`${nextMonth(month)}-01`) <= to) month = nextMonth(month);
      ranges.push({ grain: 'month', from: day.slice(0, 7), to: month });
      day = `${nextMonth(month)}-01`;
    } else {
      const end = monthEnd < to ? monthEnd : to;
      ranges.push({ grain: 'day', from: day, to: end });
      day = addDays(end, 1);
    }
  }
  return ranges;
}

/** Cells to read for an answer: of one dimension, in one range of periods; what they count towards. */
export interface CellRead extends CellRange {
  dimension: CellDimension;
  groups: boolean;
  total: boolean;
}

/**
 * The cells an answer reads: those of its breakdown's dimension, for the groups and, when that
 * dimension partitions the cases, for the total too; by category, the route cells for the total.
 */
export function cellReads({ from, to, by }: StatisticsQuery): CellRead[] {
  const dimension = dimensionOf(by);
  const partitions = dimension !== 'category';
  return cellRanges(from, to).flatMap((range) => [
    { ...range, dimension, groups: true, total: partitions },
    ...(partitions ? [] : [{ ...range, dimension: 'route' as const, groups: false, total: true }]),
  ]);
}

/** The answer of GET /statistics and of the CLI: the figures of the range and of each group, at a log position. */
export interface StatisticsAnswer {
  from: string;
  to: string;
  by: Grouping;
  /** The event store position the figures were computed at: every event up to it, none after. */
  position: string;
  total: Figures;
  groups: Array<{ key: string } & Figures>;
}

/**
 * Adds what a range holds into its total and groups: cells of the projection (GET /statistics)
 * or observations of a replay (the CLI), through the same grouping and the same figures.
 */
export class StatisticsGroups {
  private readonly total = new TallySum();
  /** By month, or by value of the breakdown's dimension: grouped when the answer is made (a destination into its regimes once, not each of its cells). */
  private readonly parts = new Map<string, TallySum>();

  constructor(
    private readonly query: StatisticsQuery,
    private readonly regimesOf: RegimesOf,
  ) {}

  /** A cell of the projection, read as `read` says: a day or a month inside the range. */
  addCell(read: CellRead, cell: { period: string; value: string; tally: Tally }): void {
    if (read.total) this.total.add(cell.tally);
    if (read.groups) this.part(partOf(this.query.by, cell.period, cell.value)).add(cell.tally);
  }

  /** One observation of a replay; those dated outside the range are left out. */
  addChange(on: string, dimensions: Dimensions, change: TallyChange): void {
    if (on < this.query.from || on > this.query.to) return;
    this.total.addChange(change);
    for (const value of cellValues(dimensionOf(this.query.by), dimensions)) this.part(partOf(this.query.by, on, value)).addChange(change);
  }

  /** Every month of the range is listed (with zeros where nothing happened); other groups where something did. */
  answer(position: bigint): StatisticsAnswer {
    const { from, to, by } = this.query;
    const groups = new Map<string, TallySum[]>();
    for (const [part, sum] of this.parts) for (const key of groupKeysOfPart(by, part, this.regimesOf)) groups.set(key, [...(groups.get(key) ?? []), sum]);
    if (by === 'month') for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) if (!groups.has(month)) groups.set(month, []);
    const tallyOf = (sums: TallySum[]) => (sums.length === 1 ? sums[0].result() : sums.reduce((all, sum) => all.add(sum.result()), new TallySum()).result());
    const listed = [...groups.keys()].sort(compareGroupKeys(by)).map((key) => ({ key, ...figuresOf(tallyOf(groups.get(key)!)) }));
    return { from, to, by, position: position.toString(), total: figuresOf(this.total.result()), groups: listed };
  }

  private part(key: string): TallySum {
    let sum = this.parts.get(key);
    if (!sum) this.parts.set(key, (sum = new TallySum()));
    return sum;
  }
}

const DAY_MS = 86_400_000;

function isDate(text: string): boolean {
  // Four-digit years past the first millennium: ranges and their limits stay four-digit years.
  if (!/^[1-9]\d{3}-\d{2}-\d{2}$/.test(text) || text > '9990') return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same day `years` later (29 February becomes 1 March). */
function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

function lastDayOfMonth(date: string): string {
  return addDays(`${nextMonth(date.slice(0, 7))}-01`, -1);
}
