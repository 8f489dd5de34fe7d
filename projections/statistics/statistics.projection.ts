import type { OfficeCalendar } from '@shtc/domain';
import { formatPosition } from '@shtc/event-store';
import type { Document, Projection, ProjectionContext, ProjectionHandler } from '@shtc/read-store';
import { CELL_DIMENSIONS, cellValues, type CellDimension } from './dimensions';
import type { CaseFacts } from './case-facts';
import type { LicenceFacts } from './licence-facts';
import { FOLDED_EVENT_TYPES, foldStatisticsEvent, type StatisticsFacts } from './statistics-fold';
import { addChange, emptyTally, type Tally, type TallyChange } from './tally';

export const STATISTICS_PROJECTION = 'statistics';
/** What the fold keeps of each case and licence (statistics-fold.ts). */
export const STATISTICS_CASES = 'statistics_cases';
export const STATISTICS_LICENCES = 'statistics_licences';
/** The figures: one cell per day and per month for each value of each dimension that has any. */
export const STATISTICS_CELLS = 'statistics_cells';
/** One document, `folded`: the position of the last event that changed the projection's documents (a query's position). */
export const STATISTICS_POSITION = 'statistics_position';
export const FOLDED = 'folded';

export const GRAINS = ['day', 'month'] as const;
export type Grain = (typeof GRAINS)[number];

/**
 * A cell: what happened on one day (or in one month) under one value of one dimension: a route,
 * a kind, a destination or an export control category. A range is answered from the month cells
 * of the months it covers whole and the day cells of the rest, of the one dimension its
 * breakdown needs, so its cost follows the number of periods and of that dimension's values,
 * never the number of cases.
 */
export interface StatisticsCell extends Document, CellKey {
  tally: Tally;
  /** The position of the last event added to it, zero-padded: a reader sees whether a batch changed it after it began. */
  position: string;
}

export interface CellKey {
  grain: Grain;
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month (Taipei). */
  period: string;
  dimension: CellDimension;
  value: string;
}

export interface FoldedPosition extends Document {
  /** Zero-padded, as checkpoints are. */
  position: string;
}

/** A day's period is `YYYY-MM-DD`, a month's `YYYY-MM`: the period tells the grain. */
export function cellId(period: string, dimension: CellDimension, value: string): string {
  return `${period}|${dimension}|${value}`;
}

/**
 * The statistics (issue 14): a pure fold of the case and licence events, through their codecs
 * (upcast), by `foldStatisticsEvent`, the functions the CLI's replay folds with. Each event's
 * observations are added to the cells of its day and of its month, one for each dimension (two
 * categories, two category cells), in the batch that applies it, together with the facts that
 * record it as folded, so a replayed event changes nothing.
 */
export function statisticsProjection({ calendar }: { calendar: OfficeCalendar }): Projection {
  const handler: ProjectionHandler = async (recorded, context) => {
    const observations = await foldStatisticsEvent(recorded, factsIn(context), calendar);
    if (observations === null) return;
    const position = formatPosition(recorded.position);
    for (const { on, dimensions, change } of observations) {
      for (const grain of GRAINS) {
        const period = grain === 'day' ? on : on.slice(0, 7);
        for (const dimension of CELL_DIMENSIONS) for (const value of cellValues(dimension, dimensions)) await addToCell(context, { grain, period, dimension, value }, change, position);
      }
    }
    context.put(STATISTICS_POSITION, { id: FOLDED, position } satisfies FoldedPosition);
  };
  return {
    name: STATISTICS_PROJECTION,
    version: 1,
    collections: [
      { name: STATISTICS_CASES },
      { name: STATISTICS_LICENCES },
      { name: STATISTICS_CELLS, indexes: [{ fields: [['grain', 'asc'], ['dimension', 'asc'], ['period', 'asc'], ['id', 'asc']] }] },
      { name: STATISTICS_POSITION },
    ],
    handlers: Object.fromEntries(
      Object.entries(FOLDED_EVENT_TYPES)
        .filter(([, read]) => read)
        .map(([type]) => [type, handler]),
    ),
  };
}

function factsIn(context: ProjectionContext): StatisticsFacts {
  return {
    case: (caseNo) => context.get<CaseFacts>(STATISTICS_CASES, caseNo),
    licence: (licenceNo) => context.get<LicenceFacts>(STATISTICS_LICENCES, licenceNo),
    putCase: (facts) => context.put(STATISTICS_CASES, facts),
    putLicence: (facts) => context.put(STATISTICS_LICENCES, facts),
  };
}

async function addToCell(context: ProjectionContext, where: CellKey, change: TallyChange, position: string): Promise<void> {
  const id = cellId(where.period, where.dimension, where.value);
  const cell = await context.get<StatisticsCell>(STATISTICS_CELLS, id);
  context.put(STATISTICS_CELLS, { id, ...where, tally: addChange(cell?.tally ?? emptyTally(), change), position } satisfies StatisticsCell);
}
