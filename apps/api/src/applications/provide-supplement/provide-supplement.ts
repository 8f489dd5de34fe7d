import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ApplicantCommands } from '../applicant-commands';

export class ProvideSupplementDto {
  @ApiPropertyOptional({ type: String, example: 'The business licence is uploaded.' }) @IsOptional() note?: unknown;
}

/** R-REV-5: the applicant sends back the documents asked for; the case returns to the stage it left. */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class ProvideSupplementController {
  constructor(private readonly applicant: ApplicantCommands) {}

  @Post(':caseNo/supplement')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, status, position }: back to the stage it left; 422 (R-REV-5) naming what is still to upload' })
  provide(@Param('caseNo') caseNo: string, @Body() dto: ProvideSupplementDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.applicant.provideSupplement(caseNo, dto.note, { account, request });
  }
}
