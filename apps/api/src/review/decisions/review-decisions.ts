import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RefusalError, refuse, type ConsultationRequest } from '@shtc/domain';
import { officeCalendar, taipeiDateOf } from '@shtc/reference-data';
import type { SignedIn } from '../../auth/sessions';
import { dateOf, noteOf, reasonOf, reasonsOf } from '../../http/free-text-input';
import { ReviewCommands, type ReviewAnswer } from '../review-commands';
import type { ConsultationReplyDto, ForwardDto, NoteDto, ReasonDto, ReasonsDto, ReferConsultationDto, RequestSupplementDto } from './review-decisions.controller';

/** Working days an applicant or an agency is given to answer when the reviewer names no date. */
export const DEFAULT_REPLY_WORKING_DAYS = 10;

/** Who runs a command: the signed-in account, and the request id its events are correlated by. */
export interface Caller {
  account: SignedIn;
  request: { id: string };
}

/**
 * The reviewer's decisions on a case (R-REV-2), for the API's routes and the console's forms
 * alike: each one command through the transition table (ReviewCommands), its free text checked
 * here once, each answering the case's new status and the actions open next.
 */
@Injectable()
export class ReviewDecisions {
  constructor(private readonly review: ReviewCommands) {}

  async requestSupplement(caseNo: string, dto: RequestSupplementDto, { account, request }: Caller): Promise<ReviewAnswer & { replyBy: string }> {
    const message = reasonOf(dto.message, 'message', 'R-REV-5', 'Message');
    const replyBy = dto.replyBy === undefined ? this.workingDaysFromToday(DEFAULT_REPLY_WORKING_DAYS) : dateOf(dto.replyBy, 'replyBy', 'R-REV-5');
    const { answer } = await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'RequestSupplement', documents: dto.documents, message, replyBy, by, at }));
    return { ...answer, replyBy };
  }

  async referConsultation(caseNo: string, dto: ReferConsultationDto, { account, request }: Caller): Promise<ReviewAnswer & { agencies: ConsultationRequest[] }> {
    const agencies = dto.agencies.map((entry, i) => this.agencyOf(entry, i));
    const note = noteOf(dto.note, 'note', 'R-REV-2');
    const { answer } = await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ReferToConsultation', agencies, note, by, at }));
    return { ...answer, agencies };
  }

  async consultationReply(caseNo: string, dto: ConsultationReplyDto, { account, request }: Caller): Promise<ReviewAnswer> {
    const agency = reasonOf(dto.agency, 'agency', 'R-REV-2', 'Agency');
    const note = noteOf(dto.note, 'note', 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'RecordConsultationReply', agency, opinion: dto.opinion, note, by, at }))).answer;
  }

  async forward(caseNo: string, dto: ForwardDto, { account, request }: Caller): Promise<ReviewAnswer> {
    const note = noteOf(dto.note, 'note', 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ForwardToSecondReview', recommendation: dto.recommendation, note, by, at }))).answer;
  }

  async returnToInitialReview(caseNo: string, dto: ReasonDto, { account, request }: Caller): Promise<ReviewAnswer> {
    const reason = reasonOf(dto.reason, 'reason', 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'ReturnToInitialReview', reason, by, at }))).answer;
  }

  async closeForAmendment(caseNo: string, dto: ReasonsDto, { account, request }: Caller): Promise<ReviewAnswer> {
    const reasons = reasonsOf(dto.reasons, 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'CloseForAmendment', reasons, by, at }))).answer;
  }

  async reject(caseNo: string, dto: ReasonsDto, { account, request }: Caller): Promise<ReviewAnswer> {
    const reasons = reasonsOf(dto.reasons, 'R-REV-2');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'RejectCase', reasons, by, at }))).answer;
  }

  async cancel(caseNo: string, dto: ReasonDto, { account, request }: Caller): Promise<ReviewAnswer> {
    const reason = reasonOf(dto.reason, 'reason', 'R-NEW-5');
    return (await this.review.run(caseNo, account, request, (_, by, at) => ({ type: 'CancelOnRequest', reason, by, at }))).answer;
  }

  async addNote(caseNo: string, dto: NoteDto, { account, request }: Caller): Promise<ReviewAnswer & { noteId: string }> {
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
