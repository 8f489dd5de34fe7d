import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ACCOUNTS, ACCOUNTS_PROJECTION, type AccountDocument } from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, type ReadStore } from '@shtc/read-store';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ReviewCommands } from '../review-commands';
import { reasonOf } from '../../http/free-text-input';

export class ReassignDto {
  @ApiProperty({ example: 'R002', description: 'the business id of the reviewer who takes the case' }) @IsString() reviewerBusinessId!: string;
  @ApiProperty({ type: String, example: 'R001 is on leave this week' }) @IsOptional() reason?: unknown;
}

/** Who works a case (R-REV-2): claim it, hand it back, or give it to another reviewer. */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
@Roles('REVIEWER')
export class AssignmentController {
  constructor(
    private readonly review: ReviewCommands,
    private readonly catalog: ProjectionCatalog,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  @Post(':caseNo/claim')
  @HttpCode(200)
  @ApiOkResponse({ description: 'assigned to the caller (initial review; in second review, never the initial reviewer, R-REV-3)' })
  async claim(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const assignee = { accountId: account.accountId, businessId: account.businessId, name: account.name };
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ClaimCase', assignee, by, at }))).answer;
  }

  @Post(':caseNo/release')
  @HttpCode(200)
  @ApiOkResponse({ description: 'no longer assigned: back in its queue for anyone' })
  async release(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ReleaseCase', by, at }))).answer;
  }

  @Post(':caseNo/reassign')
  @HttpCode(200)
  @ApiOkResponse({ description: 'assigned to the reviewer named, with the reason recorded' })
  async reassign(@Param('caseNo') caseNo: string, @Body() dto: ReassignDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const reason = reasonOf(dto.reason, 'reason', 'R-REV-2');
    const found = await this.store.get<AccountDocument>(await this.catalog.collection(ACCOUNTS_PROJECTION, ACCOUNTS), dto.reviewerBusinessId);
    const to = found && { accountId: found.accountId, businessId: found.businessId, name: found.name, role: found.role };
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ReassignCase', to, reason, by, at }))).answer;
  }
}
