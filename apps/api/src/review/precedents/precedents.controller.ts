import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MATCHED_ON, PRECEDENTS, PRECEDENTS_PROJECTION, matchedOnOf, precedentKeys, type MatchedOn, type PrecedentDocument } from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, type Filter, type ReadStore } from '@shtc/read-store';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { Cases } from '../../applications/cases';

/** At most this many precedents, most recent first. */
export const PRECEDENTS_SHOWN = 50;

interface Precedent {
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
 * decision when it has one), merged per case.
 */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
export class PrecedentsController {
  constructor(
    private readonly cases: Cases,
    private readonly catalog: ProjectionCatalog,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  @Get(':caseNo/precedents')
  @Roles('REVIEWER')
  @ReadsProjections(PRECEDENTS_PROJECTION)
  @ApiOkResponse({ description: '{ items: [{ caseNo, decidedAt, outcome: APPROVED|REJECTED|CLOSED_FOR_AMENDMENT, matchedOn: END_USER|BUYER|ECCN|CCC_CODE, matchedOnAll }] }, most recent first, at most 50' })
  async precedents(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn) {
    const { state } = await this.cases.see(caseNo, account);
    const collection = await this.catalog.collection(PRECEDENTS_PROJECTION, PRECEDENTS);
    const before = state.decision && state.decision.outcome !== 'CANCELLED' ? state.decision.at : null;
    const pages = await Promise.all(
      precedentKeys(state.application).map((key) => {
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
    return { items };
  }
}
