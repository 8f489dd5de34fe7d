import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DocumentRenderer, assuranceRegistrationModel } from '@shtc/documents';
import { assuranceCodec } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import type { FastifyReply } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import { exporterOf } from '../../auth/accounts';
import type { SignedIn } from '../../auth/sessions';
import { sendPdf } from '../../http/pdf-reply';
import { Assurances } from '../assurances';

/**
 * R-IRNK-1: the printout of a registered Iran/North Korea assurance, which the exporter signs and
 * dates, then the foreign importer (manual 1.1.2 step 4). Seen as the assurance is (R-ACC-5): its
 * applicant or the agent that filed it, reviewers and auditors; anyone else gets 404.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('assurances')
export class AssuranceDocumentController {
  constructor(
    private readonly assurances: Assurances,
    private readonly documents: DocumentRenderer,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get(':assuranceNo/document.pdf')
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the assurance registration (最終用途保證書登錄資料) with signature and date blocks for the exporter and the foreign importer; 503 without Chromium' })
  async document(@Param('assuranceNo') assuranceNo: string, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply) {
    const { assurance, revision } = await this.assurances.seeAt(assuranceNo, account);
    const document = await this.documents.print('assurance-registration', { stream: assuranceCodec.streamOf(assuranceNo), revision }, async () =>
      assuranceRegistrationModel(assurance, await exporterOf(this.events, assurance.applicantId)),
    );
    await sendPdf(reply, document, `${assuranceNo}-assurance.pdf`);
  }
}
