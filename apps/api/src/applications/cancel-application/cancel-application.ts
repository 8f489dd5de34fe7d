import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ApplicantCommands } from '../applicant-commands';

export class CancelApplicationDto {
  @ApiPropertyOptional({ example: 'The order was withdrawn', description: 'why, in up to 2,000 characters (R-NEW-5)' })
  @IsOptional() @IsString() reason?: string;
}

/** R-NEW-5: the applicant cancels its own case before submission; never an Iran/North Korea one (R-IRNK-2). */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class CancelApplicationController {
  constructor(private readonly applicant: ApplicantCommands) {}

  @Post(':caseNo/cancel')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, status: CANCELLED, position }' })
  cancel(@Param('caseNo') caseNo: string, @Body() dto: CancelApplicationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.applicant.cancel(caseNo, dto.reason, { account, request });
  }
}
