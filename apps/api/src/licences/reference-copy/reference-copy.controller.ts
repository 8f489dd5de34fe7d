import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DocumentRenderer, licenceReferenceCopyModel } from '@shtc/documents';
import { licenceCodec } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { LICENCE_REGISTER_PROJECTION } from '@shtc/projections';
import type { FastifyReply } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import { exporterOf } from '../../auth/accounts';
import type { SignedIn } from '../../auth/sessions';
import { sendPdf } from '../../http/pdf-reply';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { LicenceRegister } from '../licences';

/**
 * R-LIC-5: the licence's printable reference copy (參考用聯), for customs' fallback use while the
 * system is down, read from the licence register as GET /licences/:licenceNo is: its holder or the
 * agent that filed its case, reviewers and auditors; anyone else gets 404.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('licences')
export class ReferenceCopyController {
  constructor(
    private readonly register: LicenceRegister,
    private readonly documents: DocumentRenderer,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get(':licenceNo/reference-copy.pdf')
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ReadsProjections(LICENCE_REGISTER_PROJECTION)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the reference copy: licence number (also as a QR code), validity, parties, items with quantity, shipped and balance; 503 without Chromium' })
  async referenceCopy(@Param('licenceNo') licenceNo: string, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply) {
    const { licence, revision } = await this.register.seeAt(licenceNo, account);
    const document = await this.documents.print('licence-reference-copy', { stream: licenceCodec.streamOf(licenceNo), revision }, async () =>
      licenceReferenceCopyModel(licence, await exporterOf(this.events, licence.holderId)),
    );
    await sendPdf(reply, document, `${licenceNo}-reference-copy.pdf`);
  }
}
