import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { FILE_STORE, receiveUpload, type FileStore } from '@shtc/attachments';
import { AccessPolicy, licenceNotFound, loadStream } from '@shtc/commands';
import {
  CLOSE_OUT_NOTE_LABEL,
  CLOSE_OUT_OUTCOMES,
  RefusalError,
  isCloseOutOutcome,
  refuse,
  refusedByLicenceStatus,
  type Actor,
  type CloseOutDocument,
  type CloseOutLicence,
  type CloseOutOutcome,
} from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { AppConfig, CLOCK, type Clock } from '@shtc/platform';
import { LICENCE_REGISTER_PROJECTION } from '@shtc/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { commandContext } from '../../http/command-context';
import { reasonOf } from '../../http/free-text-input';
import { claimIdempotencyKey, idempotencyKeySeen } from '../../http/idempotency.interceptor';
import { MultipartForm } from '../../http/multipart-form';
import { ReadsProjections } from '../../http/read-your-writes.interceptor';
import { appendWithStagedFile } from '../../http/staged-upload';
import { LicenceRegister, OnLicence, isLicenceNo, licenceKind } from '../licences';
import { closeOutDocumentHref } from './close-out-view';

/**
 * R-EXEMPT-4: the holder of an exhibition licence (the exporter, or the agent it still
 * authorises) closes it out (銷案) with its proof, uploaded as attachments are: typed by its
 * bytes (415), capped (413), committed to the file store only past every refusal but the
 * append's and discarded when refused; the event records its metadata only. Idempotency-Key
 * is claimed with the fields and the file's sha256; without one, the same close-out sent again
 * answers what was recorded (the decider records nothing new) and another answers 409.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('licences/:licenceNo/close-out')
export class CloseOutLicenceController {
  constructor(
    private readonly commands: CommandBus,
    private readonly register: LicenceRegister,
    private readonly access: AccessPolicy,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('APPLICANT', 'AGENT')
  @HttpCode(200)
  @MultipartForm()
  @ApiBody({
    schema: {
      type: 'object',
      required: ['outcome', 'note', 'file'],
      properties: {
        outcome: { type: 'string', enum: [...CLOSE_OUT_OUTCOMES] },
        note: { type: 'string', description: 'REIMPORTED: the re-import declaration number; SOLD_AT_SHOW: the use and the end user (R-EXEMPT-4)' },
        file: { type: 'string', format: 'binary', description: "the re-import declaration, or the importer's import certificate, end-use certificate or assurance" },
      },
    },
  })
  @ApiOkResponse({ description: '{ licenceNo, closedOut: true, outcome, closedOutAt, late, document: { fileName, size, sha256, mediaType, href }, position }' })
  @ApiPayloadTooLargeResponse({ description: 'over MAX_UPLOAD_BYTES (20 MB by default)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not a PDF, PNG, JPEG, TIFF, Office or OpenDocument file (judged by its bytes)' })
  async closeOut(@Param('licenceNo') licenceNo: string, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const context = commandContext(account, this.clock, request);
    const at = context.now.toISOString();
    // Refuse before the body is read when the refusal cannot depend on it (unless the request
    // may be a retry under a used Idempotency-Key, whose first answer comes again).
    if (!idempotencyKeySeen(request)) await this.refuseBeforeUpload(licenceNo, account, context.actor, at);

    const { fields, file, staged } = await receiveUpload(request, { fileStore: this.files, maxBytes: this.config.MAX_UPLOAD_BYTES, fields: ['outcome', 'note'] });
    const document: CloseOutDocument = { fileName: file.fileName, size: file.size, sha256: file.sha256, mediaType: file.mediaType };
    let command: CloseOutLicence | undefined;
    const executed = await appendWithStagedFile(
      staged,
      async () => {
        await claimIdempotencyKey(request, { fields, file: { sha256: file.sha256, size: file.size, fileName: file.fileName } });
        const outcome = outcomeOf(fields.outcome);
        const note = reasonOf(fields.note, 'note', 'R-EXEMPT-4', CLOSE_OUT_NOTE_LABEL[outcome]);
        command = { type: 'CloseOutLicence', outcome, note, document, by: context.actor, at };
      },
      () => this.commands.execute(new OnLicence(licenceNo, account, context, 'HOLDER', () => command!)),
    );
    // The close-out as recorded: this one, or the same one recorded before (a retry).
    const closedOut = executed.state.closedOut!;
    return {
      licenceNo,
      closedOut: true,
      outcome: closedOut.outcome,
      closedOutAt: closedOut.closedOutAt,
      late: closedOut.late,
      document: { ...closedOut.document, href: closeOutDocumentHref(licenceNo) },
      position: executed.position.toString(),
    };
  }

  @Get('document')
  // The holder's side, reviewers and auditors (R-ACC-5); anyone else's licence answers 404.
  @Roles('APPLICANT', 'AGENT', 'REVIEWER', 'AUDITOR')
  @ReadsProjections(LICENCE_REGISTER_PROJECTION)
  @ApiOkResponse({ description: 'the close-out document (R-EXEMPT-4), as uploaded' })
  async document(@Param('licenceNo') licenceNo: string, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply): Promise<void> {
    const licence = await this.register.see(licenceNo, account);
    const document = licence.closedOut?.document;
    const content = document ? await this.files.open(document.sha256) : null;
    if (!document || !content) throw new RefusalError(refuse('R-EXEMPT-4', `Licence ${licenceNo} has no close-out document`, 'NOT_FOUND'));
    await reply
      .header('Content-Type', document.mediaType)
      .header('Content-Length', String(document.size))
      .header('Content-Disposition', `attachment; filename="${asciiName(document.fileName)}"; filename*=UTF-8''${encodeURIComponent(document.fileName)}`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('ETag', `"${document.sha256}"`)
      .send(content);
  }

  /**
   * Someone else's licence (404), an agent no longer authorised (403), and a licence the
   * transition table closes to close-outs (not an exhibition licence, nothing released): none of
   * them needs the upload read. A licence closed out already is left to the decider, which tells
   * a retry (answered as recorded) from another close-out (409) by the fields and the file.
   */
  private async refuseBeforeUpload(licenceNo: string, account: SignedIn, actor: Actor, at: string): Promise<void> {
    if (!isLicenceNo(licenceNo)) throw licenceNotFound(String(licenceNo));
    const { state } = await loadStream(this.events, licenceKind, licenceNo);
    const licence = await this.access.actOnLicence(account, licenceNo, state);
    if (licence.closedOut) return;
    const refusal = refusedByLicenceStatus('CloseOutLicence', licence, actor, at);
    if (refusal) throw new RefusalError(refusal);
  }
}

function outcomeOf(input: string | undefined): CloseOutOutcome {
  if (isCloseOutOutcome(input)) return input;
  throw new RefusalError(refuse('R-EXEMPT-4', `outcome must be one of ${CLOSE_OUT_OUTCOMES.join(', ')}`, 'INVALID', 'outcome'));
}

/** The name for clients that do not read filename*: ASCII only, no quotes. */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
