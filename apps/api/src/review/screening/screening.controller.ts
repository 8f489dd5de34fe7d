import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { HIT_DISPOSITIONS } from '@shtc/domain';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { Cases } from '../../applications/cases';
import { ScreeningDispositions, hitView } from './screening-dispositions';

export class DisposeScreeningHitDto {
  @ApiPropertyOptional({ enum: HIT_DISPOSITIONS, description: 'TRUE_MATCH: the party is the listed one; FALSE_MATCH: it is not (R-REV-7)' })
  @IsOptional() @IsString() disposition?: string;
  @ApiPropertyOptional({ example: 'Different company: registered in Mainz since 1998, the listed one is in Tehran', description: 'why, up to 2,000 characters' })
  @IsOptional() @IsString() reason?: string;
}

/** R-REV-7: the screening hits of a case, and a reviewer's record of each as a true or a false match. */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
export class ScreeningController {
  constructor(
    private readonly cases: Cases,
    private readonly dispositions: ScreeningDispositions,
  ) {}

  @Get(':caseNo/screening')
  @Roles('REVIEWER')
  @ApiOkResponse({ description: '{ items: [{ hitId, party, name, listedName, source, score, disposition: OPEN|TRUE_MATCH|FALSE_MATCH, reason }], lists }' })
  async screening(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn) {
    const { state } = await this.cases.see(caseNo, account);
    return { items: state.screeningHits.map(hitView), lists: state.screenedAgainst };
  }

  @Post(':caseNo/screening/:hitId')
  @Roles('REVIEWER')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ caseNo, hit: { hitId, …, disposition, reason }, position }' })
  dispose(
    @Param('caseNo') caseNo: string,
    @Param('hitId') hitId: string,
    @Body() dto: DisposeScreeningHitDto,
    @CurrentAccount() account: SignedIn,
    @Req() request: FastifyRequest,
  ) {
    return this.dispositions.dispose(caseNo, hitId, dto, { account, request });
  }
}
