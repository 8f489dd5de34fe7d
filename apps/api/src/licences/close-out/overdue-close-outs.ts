import { Inject, Injectable } from '@nestjs/common';
import { taipeiDateOf } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { LICENCES, LICENCE_REGISTER_PROJECTION, type LicenceDocument } from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, MAX_PAGE_SIZE, type Filter, type Page, type ReadStore } from '@shtc/read-store';

/** An exhibition licence whose close-out is overdue (R-EXEMPT-4). */
export interface OverdueCloseOut {
  licenceNo: string;
  caseNo: string;
  holderId: string;
  closeOutBy: string;
}

/**
 * Overdue close-outs (R-EXEMPT-4), read from the licence register for today: goods were
 * released under an exhibition licence, it is not closed out, and today in Taipei (the clock
 * port's) is after its closeOutBy. Worked out when read, never stored as a flag: it turns on
 * with the date alone, and off with an event of another stream (the licence's close-out).
 */
@Injectable()
export class OverdueCloseOuts {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly catalog: ProjectionCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The overdue close-outs of these exporters, by exporter: one query for a whole page of
   * cases (more only past MAX_PAGE_SIZE overdue licences), on the register's index of
   * holderId and closeOutOwedBy.
   */
  async of(holderIds: readonly string[]): Promise<Map<string, OverdueCloseOut[]>> {
    const holders = [...new Set(holderIds)];
    const overdue = new Map<string, OverdueCloseOut[]>();
    if (holders.length === 0) return overdue;
    for (const licence of await this.find({ holderId: { $in: holders } })) {
      overdue.set(licence.holderId, [...(overdue.get(licence.holderId) ?? []), licence]);
    }
    return overdue;
  }

  /**
   * Every exporter with an overdue close-out: what the queues' `?flag=OVERDUE_CLOSE_OUT` filters
   * cases by. A range of the register's closeOutOwedBy index, as long as the overdue close-outs are.
   */
  async holders(): Promise<string[]> {
    return [...new Set((await this.find({})).map((licence) => licence.holderId))];
  }

  private async find(filter: Filter): Promise<OverdueCloseOut[]> {
    const collection = await this.catalog.collection(LICENCE_REGISTER_PROJECTION, LICENCES);
    const today = taipeiDateOf(this.clock.now());
    // Owed (not null) and its last day before today: after closeOutBy.
    const overdue: Filter = { ...filter, closeOutOwedBy: { $ne: null, $lt: today } };
    const found: OverdueCloseOut[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<LicenceDocument> = await this.store.find<LicenceDocument>(collection, overdue, { sort: [['closeOutOwedBy', 'asc'], ['id', 'asc']], limit: MAX_PAGE_SIZE, cursor });
      found.push(...page.items.map(({ licenceNo, caseNo, holderId, closeOutOwedBy }) => ({ licenceNo, caseNo, holderId, closeOutBy: closeOutOwedBy! })));
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  }
}
