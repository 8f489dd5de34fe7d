import { Inject, Injectable } from '@nestjs/common';
import type { Application } from '@shtc/domain';
import { MATCHED_ON, PRECEDENTS, PRECEDENTS_PROJECTION, matchedOnOf, precedentKeys, type MatchedOn, type PrecedentDocument } from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, type Filter, type ReadStore } from '@shtc/read-store';

/** At most this many precedents, most recent first. */
export const PRECEDENTS_SHOWN = 50;

export interface Precedent {
  caseNo: string;
  decidedAt: string;
  outcome: PrecedentDocument['outcome'];
  /** The closest of what the cases share: END_USER, then BUYER, ECCN, CCC_CODE. */
  matchedOn: MatchedOn;
  /** Everything they share. */
  matchedOnAll: MatchedOn[];
}

/**
 * Earlier decisions on the same end user, buyer, CCC code or export control number (issue 8
 * item 5): one bounded index read per key of the case (newest first, before the case's own
 * decision when it has one), merged per case. For the API's route and the console's case page.
 */
@Injectable()
export class Precedents {
  constructor(
    private readonly catalog: ProjectionCatalog,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  /** The precedents of a case, given its application and its decision (if any). */
  async of(caseNo: string, application: Application, decision: { outcome: string; at: string } | null): Promise<Precedent[]> {
    const before = decision && decision.outcome !== 'CANCELLED' ? decision.at : null;
    const collection = await this.catalog.collection(PRECEDENTS_PROJECTION, PRECEDENTS);
    const pages = await Promise.all(
      precedentKeys(application).map((key) => {
        const filter: Filter = before ? { key, decidedAt: { $lt: before } } : { key };
        // One more than shown: the case itself may be among them.
        return this.store.find<PrecedentDocument>(collection, filter, { sort: [['decidedAt', 'desc'], ['id', 'desc']], limit: PRECEDENTS_SHOWN + 1 });
      }),
    );
    const byCase = new Map<string, Precedent>();
    for (const found of pages.flatMap((page) => page.items)) {
      if (found.caseNo === caseNo) continue;
      const matched = matchedOnOf(found.key);
      const known = byCase.get(found.caseNo);
      if (!known) {
        byCase.set(found.caseNo, { caseNo: found.caseNo, decidedAt: found.decidedAt, outcome: found.outcome, matchedOn: matched, matchedOnAll: [matched] });
      } else if (!known.matchedOnAll.includes(matched)) {
        known.matchedOnAll = MATCHED_ON.filter((kind) => kind === matched || known.matchedOnAll.includes(kind));
        known.matchedOn = known.matchedOnAll[0];
      }
    }
    const items = [...byCase.values()].sort((a, b) => b.decidedAt.localeCompare(a.decidedAt) || b.caseNo.localeCompare(a.caseNo)).slice(0, PRECEDENTS_SHOWN);
    return items;
  }
}
