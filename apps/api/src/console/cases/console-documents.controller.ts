import { Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { CaseAttachments, asciiName } from '../../applications/attachments/case-attachments';
import { CaseDocuments } from '../../applications/documents/case-documents';
import { EndUseAssuranceQuery } from '../../applications/documents/case-documents.controller';
import { sendPdf } from '../../http/pdf-reply';
import { ConsoleController, validated } from '../http/console-controller';

/**
 * A case's documents for the console's pages, with the session cookie (the API's routes take
 * bearer tokens only): the same reads and prints as GET /applications/:caseNo/attachments/:id
 * and /documents/*.pdf (CaseAttachments, CaseDocuments), for the same roles, and the same 404
 * for another applicant's case. PDFs are sent inline, so the case page can preview them in a frame.
 */
@ConsoleController('cases')
@Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
export class ConsoleDocumentsController {
  constructor(
    private readonly attachments: CaseAttachments,
    private readonly documents: CaseDocuments,
  ) {}

  @Get(':caseNo/attachments/:attachmentId')
  async attachment(@Param('caseNo') caseNo: string, @Param('attachmentId') attachmentId: string, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply) {
    const { attachment, content } = await this.attachments.open(caseNo, attachmentId, account);
    // Inline only for PDFs (typed by their bytes at upload); anything else is downloaded.
    const disposition = attachment.mediaType === 'application/pdf' ? 'inline' : 'attachment';
    await reply
      .header('Content-Type', attachment.mediaType)
      .header('Content-Length', String(attachment.size))
      .header('Content-Disposition', `${disposition}; filename="${asciiName(attachment.fileName)}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
      .header('ETag', `"${attachment.sha256}"`)
      .send(content);
  }

  @Get(':caseNo/documents/end-use-assurance.pdf')
  async endUseAssurance(@Param('caseNo') caseNo: string, @Query() query: Record<string, string>, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply) {
    const { version } = await validated(EndUseAssuranceQuery, { version: query.version });
    await sendPdf(reply, await this.documents.endUseAssurance(caseNo, version, account), `${caseNo}-end-use-assurance-${version.toLowerCase()}.pdf`);
  }

  @Get(':caseNo/documents/red-flag-affidavit.pdf')
  async redFlagAffidavit(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply) {
    await sendPdf(reply, await this.documents.redFlagAffidavit(caseNo, account), `${caseNo}-red-flag-affidavit.pdf`);
  }
}
