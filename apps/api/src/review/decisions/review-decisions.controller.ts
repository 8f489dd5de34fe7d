import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';
import {
  ATTACHMENT_TYPES,
  CONSULTATION_OPINIONS,
  RECOMMENDATIONS,
  RefusalError,
  refuse,
  type AttachmentType,
  type ConsultationOpinion,
  type ConsultationRequest,
  type Recommendation,
} from '@shtc/domain';
import { officeCalendar, taipeiDateOf } from '@shtc/reference-data';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { ReviewCommands } from '../review-commands';
import { dateOf, noteOf, reasonOf, reasonsOf } from '../../http/free-text-input';

/** Working days an applicant or an agency is given to answer when the reviewer names no date. */
const DEFAULT_REPLY_WORKING_DAYS = 10;

export class RequestSupplementDto {
  @ApiProperty({ enum: ATTACHMENT_TYPES, isArray: true, example: ['BUSINESS_LICENCE'] })
  @IsArray() @ArrayMaxSize(20) @IsIn(ATTACHMENT_TYPES, { each: true, message: `documents must be attachment types: ${ATTACHMENT_TYPES.join(', ')}` })
  documents!: AttachmentType[];
  @ApiProperty({ type: String, example: 'Please upload your business licence (營業執照).' }) @IsOptional() message?: unknown;
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-12-15', description: `reply deadline; default ${DEFAULT_REPLY_WORKING_DAYS} working days` }) @IsOptional() replyBy?: unknown;
}

export class ReferConsultationDto {
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ type: 'string' }, { type: 'object', required: ['agency'], properties: { agency: { type: 'string' }, dueDate: { type: 'string', format: 'date' } } }] },
    example: [{ agency: 'MND', dueDate: '2026-12-20' }, 'MOEA-IDB'],
    description: `agencies, each a name or { agency, dueDate } (default ${DEFAULT_REPLY_WORKING_DAYS} working days)`,
  })
  @IsArray() @ArrayMaxSize(20)
  agencies!: unknown[];
  @ApiPropertyOptional({ type: String }) @IsOptional() note?: unknown;
}

export class ConsultationReplyDto {
  @ApiProperty({ example: 'MND' }) @IsString() agency!: string;
  @ApiProperty({ enum: CONSULTATION_OPINIONS }) @IsIn(CONSULTATION_OPINIONS, { message: `opinion must be one of ${CONSULTATION_OPINIONS.join(', ')}` }) opinion!: ConsultationOpinion;
  @ApiPropertyOptional({ type: String }) @IsOptional() note?: unknown;
}

export class ForwardDto {
  @ApiProperty({ enum: RECOMMENDATIONS }) @IsIn(RECOMMENDATIONS, { message: `recommendation must be one of ${RECOMMENDATIONS.join(', ')}` }) recommendation!: Recommendation;
  @ApiPropertyOptional({ type: String }) @IsOptional() note?: unknown;
}

export class ReasonDto {
  @ApiProperty({ type: String, example: 'Please check the end user again' }) @IsOptional() reason?: unknown;
}

export class ReasonsDto {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: ['The consignee address is incomplete'], description: 'one reason or a list' })
  @IsOptional()
  reasons?: unknown;
}

export class NoteDto {
  @ApiProperty({ type: String, example: 'Called the applicant: the catalogue follows tomorrow' }) @IsOptional() text?: unknown;
}

/**
 * The reviewer's decisions on a case (R-REV-2): each one request, each through the transition
 * table, each answering the case's new status and the actions open next.
 */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
@Roles('REVIEWER')
export class ReviewDecisionsController {
  constructor(private readonly review: ReviewCommands) {}

  @Post(':caseNo/request-supplement')
  @HttpCode(200)
  @ApiOkResponse({ description: 'AWAITING_SUPPLEMENT: the review clock stops until the applicant answers (R-REV-4, R-REV-5)' })
  async requestSupplement(@Param('caseNo') caseNo: string, @Body() dto: RequestSupplementDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const message = reasonOf(dto.message, 'message', 'R-REV-5', 'Message');
    const replyBy = dto.replyBy === undefined ? this.workingDaysFromToday(DEFAULT_REPLY_WORKING_DAYS) : dateOf(dto.replyBy, 'replyBy', 'R-REV-5');
    const { answer } = await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'RequestSupplement', documents: dto.documents, message, replyBy, by, at }));
    return { ...answer, replyBy };
  }

  @Post(':caseNo/refer-consultation')
  @HttpCode(200)
  @ApiOkResponse({ description: 'CONSULTATION: the clock becomes 30 working days (R-REV-4)' })
  async referConsultation(@Param('caseNo') caseNo: string, @Body() dto: ReferConsultationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const agencies = dto.agencies.map((entry, i) => this.agencyOf(entry, i));
    const note = noteOf(dto.note, 'note', 'R-REV-2');
    const { answer } = await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ReferToConsultation', agencies, note, by, at }));
    return { ...answer, agencies };
  }

  @Post(':caseNo/consultation-reply')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the reply is kept; with the last agency in, the case returns to the stage it left' })
  async consultationReply(@Param('caseNo') caseNo: string, @Body() dto: ConsultationReplyDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const agency = reasonOf(dto.agency, 'agency', 'R-REV-2', 'Agency');
    const note = noteOf(dto.note, 'note', 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'RecordConsultationReply', agency, opinion: dto.opinion, note, by, at }))).answer;
  }

  @Post(':caseNo/forward')
  @HttpCode(200)
  @ApiOkResponse({ description: 'SECOND_REVIEW, with the recommendation' })
  async forward(@Param('caseNo') caseNo: string, @Body() dto: ForwardDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const note = noteOf(dto.note, 'note', 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ForwardToSecondReview', recommendation: dto.recommendation, note, by, at }))).answer;
  }

  @Post(':caseNo/return')
  @HttpCode(200)
  @ApiOkResponse({ description: 'RETURNED_TO_INITIAL_REVIEW' })
  async returnToInitialReview(@Param('caseNo') caseNo: string, @Body() dto: ReasonDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const reason = reasonOf(dto.reason, 'reason', 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ReturnToInitialReview', reason, by, at }))).answer;
  }

  @Post(':caseNo/close-for-amendment')
  @HttpCode(200)
  @ApiOkResponse({ description: 'CLOSED_FOR_AMENDMENT: the applicant may file an amendment (R-AMEND-1)' })
  async closeForAmendment(@Param('caseNo') caseNo: string, @Body() dto: ReasonsDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const reasons = reasonsOf(dto.reasons, 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'CloseForAmendment', reasons, by, at }))).answer;
  }

  @Post(':caseNo/reject')
  @HttpCode(200)
  @ApiOkResponse({ description: 'REJECTED' })
  async reject(@Param('caseNo') caseNo: string, @Body() dto: ReasonsDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const reasons = reasonsOf(dto.reasons, 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'RejectCase', reasons, by, at }))).answer;
  }

  @Post(':caseNo/cancel')
  @HttpCode(200)
  @ApiOkResponse({ description: 'CANCELLED, on the applicant’s request (R-NEW-5)' })
  async cancel(@Param('caseNo') caseNo: string, @Body() dto: ReasonDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const reason = reasonOf(dto.reason, 'reason', 'R-NEW-5');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'CancelOnRequest', reason, by, at }))).answer;
  }

  @Post(':caseNo/notes')
  @HttpCode(201)
  @ApiOkResponse({ description: '{ noteId, … }: an internal note, never shown to applicants or agents' })
  async addNote(@Param('caseNo') caseNo: string, @Body() dto: NoteDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    const text = reasonOf(dto.text, 'text', 'R-REV-2', 'Text');
    const noteId = randomUUID();
    const { answer } = await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'AddNote', noteId, text, by, at }));
    return { noteId, ...answer };
  }

  private agencyOf(entry: unknown, i: number): ConsultationRequest {
    const named = typeof entry === 'string' ? { agency: entry } : entry;
    if (typeof named !== 'object' || named === null || Array.isArray(named)) {
      throw new RefusalError(refuse('R-REV-2', 'Each agency is a name or { agency, dueDate }', 'INVALID', `agencies[${i}]`));
    }
    // As every body's unknown fields are refused (the whitelist does not reach into this union).
    const unknown = Object.keys(named).find((key) => key !== 'agency' && key !== 'dueDate');
    if (unknown !== undefined) {
      const field = `agencies[${i}].${unknown}`;
      throw new RefusalError(refuse('R-REV-2', `${field} is not a field of this request`, 'INVALID', field));
    }
    const { agency, dueDate } = named as { agency?: unknown; dueDate?: unknown };
    return {
      agency: reasonOf(agency, `agencies[${i}].agency`, 'R-REV-2', 'Agency'),
      dueDate: dueDate === undefined ? this.workingDaysFromToday(DEFAULT_REPLY_WORKING_DAYS) : dateOf(dueDate, `agencies[${i}].dueDate`, 'R-REV-2'),
    };
  }

  private workingDaysFromToday(days: number): string {
    return officeCalendar.addWorkingDays(taipeiDateOf(this.review.today()), days);
  }
}
