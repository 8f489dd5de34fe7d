import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { SHEET_LIMITS, parseGoodsSheet } from '@shtc/sheets';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../../auth/access.decorators';
import { IdempotencyExempt } from '../../http/idempotency.interceptor';
import { MultipartForm } from '../../http/multipart-form';
import { receiveSheet, sheetProblem } from './sheet-http';

/**
 * Reads an uploaded goods sheet into the items of an application body (R-BULK-1, R-BULK-2),
 * checked and normalised as POST /applications checks them. Nothing is stored: the client puts
 * the items into the application it files or edits.
 */
@ApiTags('Applicant')
@ApiBearerAuth()
@Controller('items')
export class ParseItemsSheetController {
  @Post('parse')
  @HttpCode(200)
  @Roles('APPLICANT', 'AGENT')
  // It changes nothing, so a retry simply reads the sheet again.
  @IdempotencyExempt()
  @MultipartForm()
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: '.xlsx or .ods' } } } })
  @ApiOkResponse({ description: '{ items, warnings }: items as the application body takes them; warnings (a CCC check digit) each at its row and column' })
  @ApiUnprocessableEntityResponse({ description: 'every faulty cell in errors: { row, column, header, field, message, rule }; nothing imported (R-BULK-2)' })
  @ApiPayloadTooLargeResponse({ description: 'over 5 MB, or unpacking to more than a goods sheet can be (zip bomb, a million rows)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not .xlsx or .ods, judged by its bytes' })
  @ApiServiceUnavailableResponse({ description: 'too many sheets being read at once; Retry-After' })
  async parse(@Req() request: FastifyRequest) {
    const file = await receiveSheet(request, SHEET_LIMITS.maxFileBytes);
    try {
      return await parseGoodsSheet(file);
    } catch (error) {
      throw sheetProblem(error);
    }
  }
}
