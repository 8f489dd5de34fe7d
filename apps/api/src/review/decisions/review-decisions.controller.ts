import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { ATTACHMENT_TYPES, CONSULTATION_OPINIONS, RECOMMENDATIONS, type AttachmentType, type ConsultationOpinion, type Recommendation } from '@shtc/domain';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, Roles } from '../../auth/access.decorators';
import type { SignedIn } from '../../auth/sessions';
import { DEFAULT_REPLY_WORKING_DAYS, ReviewDecisions } from './review-decisions';

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
 * table, each answering the case's new status and the actions open next (ReviewDecisions, which
 * the console's forms call too).
 */
@ApiTags('Reviewer')
@ApiBearerAuth()
@Controller('review/cases')
@Roles('REVIEWER')
export class ReviewDecisionsController {
  constructor(private readonly decisions: ReviewDecisions) {}

  @Post(':caseNo/request-supplement')
  @HttpCode(200)
  @ApiOkResponse({ description: 'AWAITING_SUPPLEMENT: the review clock stops until the applicant answers (R-REV-4, R-REV-5)' })
  requestSupplement(@Param('caseNo') caseNo: string, @Body() dto: RequestSupplementDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.decisions.requestSupplement(caseNo, dto, { account, request });
  }

  @Post(':caseNo/refer-consultation')
  @HttpCode(200)
  @ApiOkResponse({ description: 'CONSULTATION: the clock becomes 30 working days (R-REV-4)' })
  referConsultation(@Param('caseNo') caseNo: string, @Body() dto: ReferConsultationDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.decisions.referConsultation(caseNo, dto, { account, request });
  }

  @Post(':caseNo/consultation-reply')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the reply is kept; with the last agency in, the case returns to the stage it left' })
  consultationReply(@Param('caseNo') caseNo: string, @Body() dto: ConsultationReplyDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.decisions.consultationReply(caseNo, dto, { account, request });
  }

  @Post(':caseNo/forward')
  @HttpCode(200)
  @ApiOkResponse({ description: 'SECOND_REVIEW, with the recommendation' })
  forward(@Param('caseNo') caseNo: string, @Body() dto: ForwardDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.decisions.forward(caseNo, dto, { account, request });
  }

  @Post(':caseNo/return')
  @HttpCode(200)
  @ApiOkResponse({ description: 'RETURNED_TO_INITIAL_REVIEW' })
  returnToInitialReview(@Param('caseNo') caseNo: string, @Body() dto: ReasonDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.decisions.returnToInitialReview(caseNo, dto, { account, request });
  }

  @Post(':caseNo/close-for-amendment')
  @HttpCode(200)
  @ApiOkResponse({ description: 'CLOSED_FOR_AMENDMENT: the applicant may file an amendment (R-AMEND-1)' })
  closeForAmendment(@Param('caseNo') caseNo: string, @Body() dto: ReasonsDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.decisions.closeForAmendment(caseNo, dto, { account, request });
  }

  @Post(':caseNo/reject')
  @HttpCode(200)
  @ApiOkResponse({ description: 'REJECTED' })
  reject(@Param('caseNo') caseNo: string, @Body() dto: ReasonsDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.decisions.reject(caseNo, dto, { account, request });
  }

  @Post(':caseNo/cancel')
  @HttpCode(200)
  @ApiOkResponse({ description: 'CANCELLED, on the applicant’s request (R-NEW-5)' })
  cancel(@Param('caseNo') caseNo: string, @Body() dto: ReasonDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.decisions.cancel(caseNo, dto, { account, request });
  }

  @Post(':caseNo/notes')
  @HttpCode(201)
  @ApiOkResponse({ description: '{ noteId, … }: an internal note, never shown to applicants or agents' })
  addNote(@Param('caseNo') caseNo: string, @Body() dto: NoteDto, @CurrentAccount() account: SignedIn, @Req() request: FastifyRequest) {
    return this.decisions.addNote(caseNo, dto, { account, request });
  }
}
