import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FILE_STORE, receiveUpload, type FileStore } from '@shtc/attachments';
import { ATTACHMENT_TYPES, type Attachment, type AttachmentAdded, type AttachmentType, type NewAttachment } from '@shtc/domain';
import { AppConfig, CLOCK, type Clock } from '@shtc/platform';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { claimIdempotencyKey, idempotencyKeySeen } from '../../http/idempotency.interceptor';
import { appendWithStagedFile } from '../../http/staged-upload';
import { Cases, OnCase } from '../cases';

export interface UploadOptions {
  /** Text fields the form sends beside `type` (the console's form token). */
  extraFields?: readonly string[];
  /** Checks the fields once they are read, before the file is kept: a refusal discards it. */
  checkFields?: (fields: Record<string, string>) => void;
}

/**
 * Attachments of a case (R-NEW-4, R-EXEMPT-3, R-IRNK-4), for the API's routes and the console's
 * upload form alike: stored by content (sha256), typed by their bytes, capped in size; the event
 * records only their metadata.
 */
@Injectable()
export class CaseAttachments {
  constructor(
    private readonly cases: Cases,
    private readonly commands: CommandBus,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async upload(caseNo: string, account: SignedIn, request: FastifyRequest, options: UploadOptions = {}) {
    const context = commandContext(account, this.clock, request);
    // Refuse before the body is read: someone else's case, or one that takes no uploads now
    // (unless the request may be a retry under a used Idempotency-Key, whose first answer comes again).
    const loaded = idempotencyKeySeen(request) ? undefined : await this.cases.openFor(caseNo, account, { type: 'AddAttachment', by: context.actor });
    const attachmentId = randomUUID();

    const { fields, file, staged } = await receiveUpload(request, { fileStore: this.files, maxBytes: this.config.MAX_UPLOAD_BYTES, fields: ['type', ...(options.extraFields ?? [])] });
    const type = fields.type as AttachmentType;
    const attachment: NewAttachment = { attachmentId, type, fileName: file.fileName, size: file.size, sha256: file.sha256, mediaType: file.mediaType };
    // The file is committed to the store only past every refusal but the append's; refused, it is discarded.
    const added = await appendWithStagedFile(
      staged,
      async () => {
        options.checkFields?.(fields);
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

  /** An attachment and its bytes, if the caller may see the case (R-ACC-5); 404 otherwise. */
  async open(caseNo: string, attachmentId: string, account: SignedIn): Promise<{ attachment: Attachment; content: Readable }> {
    const { state } = await this.cases.see(caseNo, account);
    const attachment = state.attachments.find((a) => a.attachmentId === attachmentId);
    const content = attachment ? await this.files.open(attachment.sha256) : null;
    if (!attachment || !content) throw new NotFoundException({ message: 'No such attachment on this case', rule: 'R-ACC-5' });
    return { attachment, content };
  }

  async remove(caseNo: string, attachmentId: string, account: SignedIn, request: { id: string }) {
    const context = commandContext(account, this.clock, request);
    return this.commands.execute(
      new OnCase(caseNo, account, context, () => ({ type: 'RemoveAttachment', attachmentId, by: context.actor, at: context.now.toISOString() })),
    );
  }
}

/** The name for clients that do not read filename*: ASCII only, no quotes. */
export function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
