import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { Approvals } from './approvals';

export class ApproveDto {
  @ApiPropertyOptional({ type: String, example: 'Approved as recommended' }) @IsOptional() note?: unknown;
}

/** R-REV-3: approval in second review by a reviewer other than the initial one, issuing the licence (R-LIC-1): Approvals. */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
@Roles('REVIEWER')
export class ApproveController {
  constructor(private readonly approvals: Approvals) {}

  @Post(':caseNo/approve')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ licenceNo, validUntil, validityMonths, validityReason, status: APPROVED, … }' })
  approve(@Param('caseNo') caseNo: string, @Body() dto: ApproveDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.approvals.approve(caseNo, dto, { account, request });
  }
}
