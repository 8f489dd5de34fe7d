import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { ATTACHMENT_TYPES } from '@shtc/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { MultipartForm } from '../../http/multipart-form';
import { CaseAttachments, asciiName } from './case-attachments';

/**
 * Attachments of a case (R-NEW-4, R-EXEMPT-3, R-IRNK-4): stored by content (sha256), typed by
 * their bytes, capped in size; the event records only their metadata (CaseAttachments, which
 * the console's upload form uses too).
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications/:caseNo/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: CaseAttachments) {}

  @Post()
  @Roles('APPLICANT', 'AGENT')
  @MultipartForm()
  @ApiBody({ schema: { type: 'object', required: ['type', 'file'], properties: { type: { type: 'string', enum: [...ATTACHMENT_TYPES] }, file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ description: '{ attachmentId, type, fileName, size, sha256, mediaType, position }' })
  @ApiPayloadTooLargeResponse({ description: 'over MAX_UPLOAD_BYTES (20 MB by default)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not a PDF, PNG, JPEG, TIFF, Office or OpenDocument file (judged by its bytes)' })
  upload(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.attachments.upload(caseNo, account, request);
  }

  @Get(':attachmentId')
  // Reviewers read every case's documents, auditors everything (R-ACC-5); applicants only their own.
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ApiOkResponse({ description: 'the file, as uploaded; to its applicant or agent, reviewers and auditors' })
  async download(
    @Param('caseNo') caseNo: string,
    @Param('attachmentId') attachmentId: string,
    @CurrentAccount() account: SignedIn,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { attachment, content } = await this.attachments.open(caseNo, attachmentId, account);
    await reply
      .header('Content-Type', attachment.mediaType)
      .header('Content-Length', String(attachment.size))
      .header('Content-Disposition', `attachment; filename="${asciiName(attachment.fileName)}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('ETag', `"${attachment.sha256}"`)
      .send(content);
  }

  @Delete(':attachmentId')
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'removed, while REGISTERED or AWAITING_SUPPLEMENT' })
  async remove(@Param('caseNo') caseNo: string, @Param('attachmentId') attachmentId: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest): Promise<void> {
    await this.attachments.remove(caseNo, attachmentId, account, request);
  }
}
