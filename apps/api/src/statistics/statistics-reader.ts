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
import { formatPosition } from '@shtc/event-store';
import { statisticsReferenceData } from '@shtc/storage';

/** Reads that met cells a batch changed while they read, before one is given up (503, retry). */
const ATTEMPTS = 10;

/**
 * The figures of a range from the statistics projection (issue 14): the month cells of the
 * months it covers whole and the day cells of the rest, of the dimension its breakdown needs,
 * added up into its total and groups.
 *
 * The answer is exact at a position. The store is read without a snapshot, so the reader takes
 * the position of the last event folded first, and the figures are those of that position when
 * no cell it then reads was changed by a later event (each cell names the last event added to
 * it); otherwise a batch committed in between, and it reads again. A range that ends before today
 * is never changed by new events, so it is read once however busy the projector is.
 */
@Injectable()
export class StatisticsReader {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly catalog: ProjectionCatalog,
  ) {}

  async figures(query: StatisticsQuery): Promise<StatisticsAnswer> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      // The projection's position first: everything up to it is committed (the runner in this process may lag its last commit).
      const caughtUp = await this.catalog.position(STATISTICS_PROJECTION);
      const [cells, positions] = await Promise.all([
        this.catalog.collection(STATISTICS_PROJECTION, STATISTICS_CELLS),
        this.catalog.collection(STATISTICS_PROJECTION, STATISTICS_POSITION),
      ]);
      const folded = (await this.store.get<FoldedPosition>(positions, FOLDED))?.position ?? formatPosition(0n);
      const groups = new StatisticsGroups(query, statisticsReferenceData.regimesOf);
      let changedSince = false;
      for (const read of cellReads(query)) {
        for await (const cell of this.cellsOf(cells, read)) {
          if (cell.position > folded) changedSince = true;
          groups.addCell(read, cell);
        }
      }
      if (!changedSince) {
        // No event between the last one folded and the projection's position changed its documents: the figures are those of either.
        const at = BigInt(folded);
        return groups.answer(at > caughtUp ? at : caughtUp);
      }
      await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
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
