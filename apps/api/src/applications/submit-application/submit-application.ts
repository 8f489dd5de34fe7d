import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ApplicantCommands } from '../applicant-commands';

export class SubmitApplicationDto {
  @ApiPropertyOptional({ description: 'The specific end use, in English, consistent with the assurance (R-NEW-3)' })
  @IsOptional() @IsString() endUse?: string;
}

/** R-NEW-3, R-NEW-4, R-IRNK-4: submission puts the case in the initial review queue (R-REV-1). */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class SubmitApplicationController {
  constructor(private readonly applicant: ApplicantCommands) {}

  @Post(':caseNo/submit')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, status: INITIAL_REVIEW, position }' })
  @ApiUnprocessableEntityResponse({ description: 'R-NEW-4 / R-IRNK-4: an attachment is missing (errors name each)' })
  submit(@Param('caseNo') caseNo: string, @Body() dto: SubmitApplicationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.applicant.submit(caseNo, dto.endUse, { account, request });
  }
}
