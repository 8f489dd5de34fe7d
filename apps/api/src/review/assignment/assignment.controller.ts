import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { Assignments } from './assignments';

export class ReassignDto {
  @ApiProperty({ example: 'R002', description: 'the business id of the reviewer who takes the case' }) @IsString() reviewerBusinessId!: string;
  @ApiProperty({ type: String, example: 'R001 is on leave this week' }) @IsOptional() reason?: unknown;
}

/** Who works a case (R-REV-2): claim it, hand it back, or give it to another reviewer (Assignments, as the console does). */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
@Roles('REVIEWER')
export class AssignmentController {
  constructor(private readonly assignments: Assignments) {}

  @Post(':caseNo/claim')
  @HttpCode(200)
  @ApiOkResponse({ description: 'assigned to the caller (initial review; in second review, never the initial reviewer, R-REV-3)' })
  claim(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.assignments.claim(caseNo, { account, request });
  }

  @Post(':caseNo/release')
  @HttpCode(200)
  @ApiOkResponse({ description: 'no longer assigned: back in its queue for anyone' })
  release(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.assignments.release(caseNo, { account, request });
  }

  @Post(':caseNo/reassign')
  @HttpCode(200)
  @ApiOkResponse({ description: 'assigned to the reviewer named, with the reason recorded' })
  reassign(@Param('caseNo') caseNo: string, @Body() dto: ReassignDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.assignments.reassign(caseNo, dto, { account, request });
  }
}
