import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DocumentRenderer, ASSURANCE_VERSIONS, endUseAssuranceModel, redFlagAffidavitModel, type AssuranceVersion } from '@shtc/documents';
import { RefusalError, caseCodec, refuse, type FiledCase } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { redFlagChecklist } from '@shtc/reference-data';
import type { FastifyReply } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import { exporterOf } from '../../auth/accounts';
import type { SignedIn } from '../../auth/sessions';
import { sendPdf } from '../../http/pdf-reply';
import { Cases } from '../cases';
import { checklistVersion } from './checklist-version';

export class EndUseAssuranceQuery {
  @ApiProperty({ enum: ASSURANCE_VERSIONS, description: 'the buyer or the consignee version (R-NEW-2)' })
  @IsIn(ASSURANCE_VERSIONS, { message: `version must be ${ASSURANCE_VERSIONS.join(' or ')}`, context: { rule: 'R-NEW-2' } })
  version!: AssuranceVersion;
}

/**
 * The documents a case's applicant downloads to have signed (R-NEW-2): the end-use assurance for
 * the end user, the red-flag affidavit for the applicant. Seen as the case is (R-ACC-5): its
 * applicant or agent, reviewers and auditors; anyone else gets 404. Each is printed from the
 * case's stream at the revision read, and cached under it.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications')
export class CaseDocumentsController {
  constructor(
    private readonly cases: Cases,
    private readonly documents: DocumentRenderer,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get(':caseNo/documents/end-use-assurance.pdf')
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the end-use assurance (最終用途保證書) of a standard-route case, in the version asked for; 503 without Chromium' })
  async endUseAssurance(@Param('caseNo') caseNo: string, @Query() query: EndUseAssuranceQuery, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply) {
    const { state, revision } = await this.cases.see(caseNo, account);
    refuseWithoutAssurance(state);
    const document = await this.documents.print('end-use-assurance', { stream: caseCodec.streamOf(caseNo), revision, variant: query.version }, async () =>
      endUseAssuranceModel(state, query.version, await exporterOf(this.events, state.application.applicantId)),
    );
    await sendPdf(reply, document, `${caseNo}-end-use-assurance-${query.version.toLowerCase()}.pdf`);
  }

  @Get(':caseNo/documents/red-flag-affidavit.pdf')
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the red-flag checklist affidavit (紅色警戒清單檢核切結書) for the applicant to check, sign and stamp; 503 without Chromium' })
  async redFlagAffidavit(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply) {
    const { state, revision } = await this.cases.see(caseNo, account);
    const checklist = redFlagChecklist();
    // The checklist is reference data an operator may replace: part of what the document is printed from.
    const document = await this.documents.print('red-flag-affidavit', { stream: caseCodec.streamOf(caseNo), revision, variant: checklistVersion(checklist) }, async () =>
      redFlagAffidavitModel(state, checklist, await exporterOf(this.events, state.application.applicantId)),
    );
    await sendPdf(reply, document, `${caseNo}-red-flag-affidavit.pdf`);
  }
}

/**
 * Only a standard-route case has an end-use assurance to print (R-NEW-2): an exempt case needs
 * none (R-EXEMPT-1, Regulations Art. 18(1)), and an Iran/North Korea case's assurance is the one
 * registered before it (R-IRNK-1), printed from its own number.
 */
function refuseWithoutAssurance(state: FiledCase): void {
  if (state.route === 'EXEMPT') {
    throw new RefusalError(refuse('R-EXEMPT-1', `Case ${state.caseNo} is exempt from the end-use assurance (Regulations Art. 18(1)): there is none to print`));
  }
  if (state.route === 'IRAN_NK') {
    const assuranceNo = state.application.assuranceNo;
    throw new RefusalError(
      refuse('R-IRNK-1', `Case ${state.caseNo} goes to Iran or North Korea: its assurance is the registered assurance ${assuranceNo}, printed by GET /assurances/${assuranceNo}/document.pdf`),
    );
  }
}
