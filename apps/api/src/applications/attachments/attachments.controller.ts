import { randomUUID } from 'node:crypto';
import { BadRequestException, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { FILE_STORE, receiveUpload, type FileStore } from '@shtc/attachments';
import { ATTACHMENT_TYPES, type AttachmentAdded, type AttachmentType, type NewAttachment } from '@shtc/domain';
import { AppConfig, CLOCK, type Clock } from '@shtc/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { claimIdempotencyKey, idempotencyKeySeen } from '../../http/idempotency.interceptor';
import { MultipartForm } from '../../http/multipart-form';
import { appendWithStagedFile } from '../../http/staged-upload';
import { Cases, OnCase } from '../cases';

/**
 * Attachments of a case (R-NEW-4, R-EXEMPT-3, R-IRNK-4): stored by content (sha256), typed by
 * their bytes, capped in size; the event records only their metadata.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('applications/:caseNo/attachments')
export class AttachmentsController {
  constructor(
    private readonly cases: Cases,
    private readonly commands: CommandBus,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('APPLICANT', 'AGENT')
  @MultipartForm()
  @ApiBody({ schema: { type: 'object', required: ['type', 'file'], properties: { type: { type: 'string', enum: [...ATTACHMENT_TYPES] }, file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ description: '{ attachmentId, type, fileName, size, sha256, mediaType, position }' })
  @ApiPayloadTooLargeResponse({ description: 'over MAX_UPLOAD_BYTES (20 MB by default)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not a PDF, PNG, JPEG, TIFF, Office or OpenDocument file (judged by its bytes)' })
  async upload(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const context = commandContext(account, this.clock, request);
    // Refuse before the body is read: someone else's case, or one that takes no uploads now
    // (unless the request may be a retry under a used Idempotency-Key, whose first answer comes again).
    const loaded = idempotencyKeySeen(request) ? undefined : await this.cases.openFor(caseNo, account, { type: 'AddAttachment', by: context.actor });
    const attachmentId = randomUUID();

    const { fields, file, staged } = await receiveUpload(request, { fileStore: this.files, maxBytes: this.config.MAX_UPLOAD_BYTES, fields: ['type'] });
    const type = fields.type as AttachmentType;
    const attachment: NewAttachment = { attachmentId, type, fileName: file.fileName, size: file.size, sha256: file.sha256, mediaType: file.mediaType };
    // The file is committed to the store only past every refusal but the append's; refused, it is discarded.
    const added = await appendWithStagedFile(
      staged,
      async () => {
        await claimIdempotencyKey(request, { fields, file: { sha256: file.sha256, size: file.size, fileName: file.fileName } });
        if (!(ATTACHMENT_TYPES as readonly string[]).includes(type)) {
          throw new BadRequestException({
            message: `type must be one of ${ATTACHMENT_TYPES.join(', ')}`,
            rule: 'R-NEW-4',
            errors: [{ field: 'type', message: `must be one of ${ATTACHMENT_TYPES.join(', ')}`, rule: 'R-NEW-4' }],
          });
        }
      },
      () =>
        this.commands.execute(
          new OnCase(caseNo, account, context, () => ({ type: 'AddAttachment', attachment, by: context.actor, at: context.now.toISOString() }), { loaded }),
        ),
    );
    // The id as recorded: a retry resuming an upload a crash cut short answers the attachment its first attempt added.
    const recorded = added.events.find((event): event is AttachmentAdded => event.type === 'AttachmentAdded');
    return { ...attachment, attachmentId: recorded?.data.attachmentId ?? attachmentId, position: added.position.toString() };
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
    const { state } = await this.cases.see(caseNo, account);
    const attachment = state.attachments.find((a) => a.attachmentId === attachmentId);
    const content = attachment ? await this.files.open(attachment.sha256) : null;
    if (!attachment || !content) throw new NotFoundException({ message: 'No such attachment on this case', rule: 'R-ACC-5' });
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
    const context = commandContext(account, this.clock, request);
    await this.commands.execute(
      new OnCase(caseNo, account, context, () => ({ type: 'RemoveAttachment', attachmentId, by: context.actor, at: context.now.toISOString() })),
    );
  }
}

/** The name for clients that do not read filename*: ASCII only, no quotes. */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
