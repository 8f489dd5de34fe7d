import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNTS, ACCOUNTS_PROJECTION, type AccountDocument } from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, type ReadStore } from '@shtc/read-store';
import { reasonOf } from '../../http/free-text-input';
import type { Caller } from '../decisions/review-decisions';
import { ReviewCommands, type ReviewAnswer } from '../review-commands';
import type { ReassignDto } from './assignment.controller';

/** Who works a case (R-REV-2), for the API and the console: claim it, hand it back, or give it to another reviewer. */
@Injectable()
export class Assignments {
  constructor(
    private readonly review: ReviewCommands,
    private readonly catalog: ProjectionCatalog,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  async claim(caseNo: string, { account, request }: Caller): Promise<ReviewAnswer> {
    const assignee = { accountId: account.accountId, businessId: account.businessId, name: account.name };
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ClaimCase', assignee, by, at }))).answer;
  }

  async release(caseNo: string, { account, request }: Caller): Promise<ReviewAnswer> {
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ReleaseCase', by, at }))).answer;
  }

  async reassign(caseNo: string, dto: ReassignDto, { account, request }: Caller): Promise<ReviewAnswer> {
    const reason = reasonOf(dto.reason, 'reason', 'R-REV-2');
    const found = await this.store.get<AccountDocument>(await this.catalog.collection(ACCOUNTS_PROJECTION, ACCOUNTS), dto.reviewerBusinessId);
    const to = found && { accountId: found.accountId, businessId: found.businessId, name: found.name, role: found.role };
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ReassignCase', to, reason, by, at }))).answer;
  }
}
