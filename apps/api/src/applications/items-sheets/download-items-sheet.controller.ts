import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SHEET_MEDIA_TYPES, writeGoodsSheet, type SheetFormat } from '@shtc/sheets';
import type { FastifyReply } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { Cases } from '../cases';
import { sendSheet } from './sheet-http';

/**
 * The goods lines as a spreadsheet (R-BULK-1): the empty template to fill in, and a case's
 * lines to edit and import again (POST /items/parse). Both in Excel (.xlsx) and OpenDocument
 * (.ods), as the manual offers both (4.2).
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller()
export class DownloadItemsSheetController {
  /** The template never changes while the process runs: written once per format. */
  private readonly templates = new Map<SheetFormat, Uint8Array>();

  constructor(private readonly cases: Cases) {}

  @Get('items/template.xlsx')
  @Roles('APPLICANT', 'AGENT')
  @ApiProduces(SHEET_MEDIA_TYPES.xlsx)
  @ApiOkResponse({ description: 'the goods columns, required ones in red, and an instruction sheet in Chinese and English' })
  templateXlsx(@Res() reply: FastifyReply): Promise<void> {
    return this.template('xlsx', reply);
  }

  @Get('items/template.ods')
  @Roles('APPLICANT', 'AGENT')
  @ApiProduces(SHEET_MEDIA_TYPES.ods)
  @ApiOkResponse({ description: 'the template as OpenDocument' })
  templateOds(@Res() reply: FastifyReply): Promise<void> {
    return this.template('ods', reply);
  }

  @Get('applications/:caseNo/items.xlsx')
  @Roles('APPLICANT', 'AGENT')
  @ApiProduces(SHEET_MEDIA_TYPES.xlsx)
  @ApiOkResponse({ description: "the case's goods lines in the template's layout" })
  @ApiNotFoundResponse({ description: 'no such case, or not the caller\'s (R-ACC-5)' })
  caseItemsXlsx(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply): Promise<void> {
    return this.caseItems(caseNo, account, 'xlsx', reply);
  }

  @Get('applications/:caseNo/items.ods')
  @Roles('APPLICANT', 'AGENT')
  @ApiProduces(SHEET_MEDIA_TYPES.ods)
  @ApiOkResponse({ description: "the case's goods lines as OpenDocument" })
  @ApiNotFoundResponse({ description: 'no such case, or not the caller\'s (R-ACC-5)' })
  caseItemsOds(@Param('caseNo') caseNo: string, @CurrentAccount() account: SignedIn, @Res() reply: FastifyReply): Promise<void> {
    return this.caseItems(caseNo, account, 'ods', reply);
  }

  private template(format: SheetFormat, reply: FastifyReply): Promise<void> {
    let bytes = this.templates.get(format);
    if (!bytes) this.templates.set(format, (bytes = writeGoodsSheet([], format)));
    return sendSheet(reply, bytes, format, `goods-items-template.${format}`, 'private');
  }

  /** As GET /applications/:caseNo reads it: from the case's events, to its applicant or agent only (404 otherwise, R-ACC-5). */
  private async caseItems(caseNo: string, account: SignedIn, format: SheetFormat, reply: FastifyReply): Promise<void> {
    const { state } = await this.cases.see(caseNo, account);
    await sendSheet(reply, writeGoodsSheet(state.application.items, format), format, `${caseNo}-items.${format}`, 'no-store');
  }
}
