import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  FOLDED,
  STATISTICS_CELLS,
  STATISTICS_POSITION,
  STATISTICS_PROJECTION,
  StatisticsGroups,
  cellRanges,
  type CellRange,
  type FoldedPosition,
  type StatisticsAnswer,
  type StatisticsCell,
  type StatisticsQuery,
} from '@shtc/projections';
import { MAX_PAGE_SIZE, ProjectionCatalog, READ_STORE, type ReadStore } from '@shtc/read-store';
import { statisticsReferenceData } from '@shtc/storage';

/** Reads that found the cells changing under them before one is given up (503, retry). */
const ATTEMPTS = 5;

/**
 * The figures of a range from the statistics projection (issue 14): the month cells of the
 * months it covers whole and the day cells of the rest, merged into its total and groups. The
 * answer's position is one the figures are exact at: the projection's position read first, or
 * the last event that changed the cells if a batch was committed meanwhile. A batch committed
 * while the cells were read is seen by the folded position changing: read again.
 */
@Injectable()
export class StatisticsReader {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly catalog: ProjectionCatalog,
  ) {}

  async figures(query: StatisticsQuery): Promise<StatisticsAnswer> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const caughtUp = await this.catalog.position(STATISTICS_PROJECTION);
      const [cells, positions] = await Promise.all([
        this.catalog.collection(STATISTICS_PROJECTION, STATISTICS_CELLS),
        this.catalog.collection(STATISTICS_PROJECTION, STATISTICS_POSITION),
      ]);
      const before = await this.store.get<FoldedPosition>(positions, FOLDED);
      const groups = new StatisticsGroups(query, statisticsReferenceData.regimesOf);
      for (const range of cellRanges(query.from, query.to)) {
        for await (const cell of this.cellsOf(cells, range)) groups.addTally(cell.period, cell.dimensions, cell.tally);
      }
      const after = await this.store.get<FoldedPosition>(positions, FOLDED);
      if (before?.position !== after?.position) continue;
      const folded = BigInt(before?.position ?? 0);
      return groups.answer(folded > caughtUp ? folded : caughtUp);
    }
    throw new ServiceUnavailableException({ message: 'The statistics changed while they were read; retry shortly', retryAfter: 1 });
  }

  /** The cells of one grain in a range of periods, in index order (grain, period, id), a page at a time. */
  private async *cellsOf(collection: string, range: CellRange): AsyncIterable<StatisticsCell> {
    let cursor: string | null = null;
    do {
      const page: { items: StatisticsCell[]; nextCursor: string | null } = await this.store.find<StatisticsCell>(
        collection,
        { grain: range.grain, period: { $gte: range.from, $lte: range.to } },
        { sort: [['grain', 'asc'], ['period', 'asc'], ['id', 'asc']], limit: MAX_PAGE_SIZE, cursor },
      );
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
}
