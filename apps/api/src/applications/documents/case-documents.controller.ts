import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ASSURANCE_VERSIONS, type AssuranceVersion } from '@shtc/documents';
import type { FastifyReply } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { sendPdf } from '../../http/pdf-reply';
import { CaseDocuments } from './case-documents';

export class EndUseAssuranceQuery {
  @ApiProperty({ enum: ASSURANCE_VERSIONS, description: 'the buyer or the consignee version (R-NEW-2)' })
  @IsIn(ASSURANCE_VERSIONS, { message: `version must be ${ASSURANCE_VERSIONS.join(' or ')}`, context: { rule: 'R-NEW-2' } })
  version!: AssuranceVersion;
}

/**
 * The documents a case's applicant downloads to have signed (R-NEW-2): the end-use assurance for
 * the end user, the red-flag affidavit for the applicant (CaseDocuments). Seen as the case is
 * (R-ACC-5): its applicant or agent, reviewers and auditors; anyone else gets 404.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class CaseDocumentsController {
  constructor(private readonly documents: CaseDocuments) {}

  @Get(':caseNo/documents/end-use-assurance.pdf')
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the end-use assurance (最終用途保證書) of a standard-route case, in the version asked for; 503 without Chromium' })
  async endUseAssurance(@Param('caseNo') caseNo: string, @Query() query: EndUseAssuranceQuery, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply) {
    await sendPdf(reply, await this.documents.endUseAssurance(caseNo, query.version, account), `${caseNo}-end-use-assurance-${query.version.toLowerCase()}.pdf`);
  }

  @Get(':caseNo/documents/red-flag-affidavit.pdf')
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the red-flag checklist affidavit (紅色警戒清單檢核切結書) for the applicant to check, sign and stamp; 503 without Chromium' })
  async redFlagAffidavit(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply) {
    await sendPdf(reply, await this.documents.redFlagAffidavit(caseNo, account), `${caseNo}-red-flag-affidavit.pdf`);
  }
}
