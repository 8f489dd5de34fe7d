import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  FOLDED,
  STATISTICS_CELLS,
  STATISTICS_POSITION,
  STATISTICS_PROJECTION,
  StatisticsGroups,
  cellReads,
  type CellRead,
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
 * months it covers whole and the day cells of the rest, of the dimension its breakdown needs,
 * added up into its total and groups. The
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
      for (const read of cellReads(query)) for await (const cell of this.cellsOf(cells, read)) groups.addCell(read, cell);
      const after = await this.store.get<FoldedPosition>(positions, FOLDED);
      if (before?.position !== after?.position) continue;
      const folded = BigInt(before?.position ?? 0);
      return groups.answer(folded > caughtUp ? folded : caughtUp);
    }
    throw new ServiceUnavailableException({ message: 'The statistics changed while they were read; retry shortly', retryAfter: 1 });
  }

  /** The cells of one grain and dimension in a range of periods, in index order, a page at a time. */
  private async *cellsOf(collection: string, read: CellRead): AsyncIterable<StatisticsCell> {
    let cursor: string | null = null;
    do {
      const page: { items: StatisticsCell[]; nextCursor: string | null } = await this.store.find<StatisticsCell>(
        collection,
        { grain: read.grain, dimension: read.dimension, period: { $gte: read.from, $lte: read.to } },
        { sort: [['grain', 'asc'], ['dimension', 'asc'], ['period', 'asc'], ['id', 'asc']], limit: MAX_PAGE_SIZE, cursor },
      );
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
}
