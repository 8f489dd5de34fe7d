import { Injectable } from '@nestjs/common';
import { ATTACHMENT_TYPES } from '@shtc/domain';
import { ApproveDto } from '../../review/approve/approve.controller';
import { Approvals } from '../../review/approve/approvals';
import { ReassignDto } from '../../review/assignment/assignment.controller';
import { Assignments } from '../../review/assignment/assignments';
import { ConsultationReplyDto, ForwardDto, NoteDto, ReasonDto, ReasonsDto, ReferConsultationDto, RequestSupplementDto } from '../../review/decisions/review-decisions.controller';
import { ReviewDecisions, type Caller } from '../../review/decisions/review-decisions';
import { DisposeScreeningHitDto } from '../../review/screening/screening.controller';
import { ScreeningDispositions } from '../../review/screening/screening-dispositions';
import { validated } from '../http/console-controller';
import type { Bilingual } from '../http/console-pages';
import { lines, list, text, type FormFields } from '../http/form-body';
import { DISPOSITION_WORDS, OPINION_WORDS, RECOMMENDATION_WORDS, attachmentWords } from '../http/words';

/** One line of what a confirmation shows: what the reviewer is about to record. */
export interface SummaryLine {
  label: Bilingual;
  value: string;
}

interface ActionForm<D extends object> {
  dto: new () => D;
  /** Whether the form asks to confirm before the command runs (every decision does). */
  confirm: boolean;
  /** The form's fields as the API's request body of the same command. */
  body(fields: FormFields): object;
  summary(dto: D, fields: FormFields): SummaryLine[];
  run(services: ReviewerActions, caseNo: string, dto: D, caller: Caller, fields: FormFields): Promise<{ position: string }>;
}

const optional = (value: string) => (value.trim() === '' ? undefined : value);
const label = (zh: string, en: string): Bilingual => ({ zh, en });
const both = (words: Bilingual | undefined, code: string) => (words ? `${words.zh} ${words.en}` : code);

/** An action that takes no fields (claim, release). */
class NoContent {}

/** `MND` or `MND 2026-12-20`: an agency, and the date its opinion is due (the API's default when none). */
function agencyOf(line: string): string | { agency: string; dueDate: string } {
  const match = /^(.*\S)\s+(\d{4}-\d{2}-\d{2})$/.exec(line);
  return match ? { agency: match[1], dueDate: match[2] } : line;
}

/**
 * Every action a reviewer takes on a case page, each the API's own command: the form's fields
 * become the API's request body, checked by the API's request DTO (validated), and run by the
 * service the API's controller calls. Nothing here decides whether it may happen: the case page
 * offers what the transition table allows now, and the command path decides again.
 */
const FORMS: Record<string, ActionForm<any>> = {
  claim: { dto: NoContent, confirm: false, body: () => ({}), summary: () => [], run: (s, caseNo, _, caller) => s.assignments.claim(caseNo, caller) },
  release: { dto: NoContent, confirm: false, body: () => ({}), summary: () => [], run: (s, caseNo, _, caller) => s.assignments.release(caseNo, caller) },
  reassign: {
    dto: ReassignDto,
    confirm: true,
    body: (f) => ({ reviewerBusinessId: text(f, 'reviewerBusinessId').trim(), reason: text(f, 'reason') }),
    summary: (dto: ReassignDto) => [{ label: label('改分派給', 'To'), value: dto.reviewerBusinessId }, { label: label('理由', 'Reason'), value: String(dto.reason ?? '') }],
    run: (s, caseNo, dto, caller) => s.assignments.reassign(caseNo, dto, caller),
  },
  'request-supplement': {
    dto: RequestSupplementDto,
    confirm: true,
    body: (f) => ({ documents: list(f, 'documents'), message: text(f, 'message'), replyBy: optional(text(f, 'replyBy')) }),
    summary: (dto: RequestSupplementDto) => [
      ...dto.documents.map((type) => ({ label: label('應補文件', 'Document'), value: both(attachmentWords(type), type) })),
      { label: label('說明', 'Message'), value: String(dto.message ?? '') },
      { label: label('補件期限', 'Reply by'), value: String(dto.replyBy ?? '10 個工作天 10 working days') },
    ],
    run: (s, caseNo, dto, caller) => s.decisions.requestSupplement(caseNo, dto, caller),
  },
  'refer-consultation': {
    dto: ReferConsultationDto,
    confirm: true,
    body: (f) => ({ agencies: lines(f, 'agencies').map(agencyOf), note: optional(text(f, 'note')) }),
    summary: (dto: ReferConsultationDto) => [
      ...dto.agencies.map((agency) => ({ label: label('協查機關', 'Agency'), value: typeof agency === 'string' ? agency : `${(agency as { agency: string }).agency} · ${(agency as { dueDate: string }).dueDate}` })),
      ...(dto.note ? [{ label: label('說明', 'Note'), value: String(dto.note) }] : []),
    ],
    run: (s, caseNo, dto, caller) => s.decisions.referConsultation(caseNo, dto, caller),
  },
  'consultation-reply': {
    dto: ConsultationReplyDto,
    confirm: true,
    body: (f) => ({ agency: text(f, 'agency'), opinion: text(f, 'opinion'), note: optional(text(f, 'note')) }),
    summary: (dto: ConsultationReplyDto) => [
      { label: label('機關', 'Agency'), value: dto.agency },
      { label: label('意見', 'Opinion'), value: both(OPINION_WORDS[dto.opinion], dto.opinion) },
      ...(dto.note ? [{ label: label('說明', 'Note'), value: String(dto.note) }] : []),
    ],
    run: (s, caseNo, dto, caller) => s.decisions.consultationReply(caseNo, dto, caller),
  },
  forward: {
    dto: ForwardDto,
    confirm: true,
    body: (f) => ({ recommendation: text(f, 'recommendation'), note: optional(text(f, 'note')) }),
    summary: (dto: ForwardDto) => [
      { label: label('初審建議', 'Recommendation'), value: both(RECOMMENDATION_WORDS[dto.recommendation], dto.recommendation) },
      ...(dto.note ? [{ label: label('說明', 'Note'), value: String(dto.note) }] : []),
    ],
    run: (s, caseNo, dto, caller) => s.decisions.forward(caseNo, dto, caller),
  },
  return: {
    dto: ReasonDto,
    confirm: true,
    body: (f) => ({ reason: text(f, 'reason') }),
    summary: (dto: ReasonDto) => [{ label: label('退回理由', 'Reason'), value: String(dto.reason ?? '') }],
    run: (s, caseNo, dto, caller) => s.decisions.returnToInitialReview(caseNo, dto, caller),
  },
  'close-for-amendment': {
    dto: ReasonsDto,
    confirm: true,
    body: (f) => ({ reasons: lines(f, 'reasons') }),
    summary: (dto: ReasonsDto) => (dto.reasons as string[]).map((reason) => ({ label: label('補正理由', 'Reason'), value: reason })),
    run: (s, caseNo, dto, caller) => s.decisions.closeForAmendment(caseNo, dto, caller),
  },
  reject: {
    dto: ReasonsDto,
    confirm: true,
    body: (f) => ({ reasons: lines(f, 'reasons') }),
    summary: (dto: ReasonsDto) => (dto.reasons as string[]).map((reason) => ({ label: label('退件理由', 'Reason'), value: reason })),
    run: (s, caseNo, dto, caller) => s.decisions.reject(caseNo, dto, caller),
  },
  approve: {
    dto: ApproveDto,
    confirm: true,
    body: (f) => ({ note: optional(text(f, 'note')) }),
    summary: (dto: ApproveDto) => [{ label: label('核准並核發許可證', 'Approve and issue the licence'), value: String(dto.note ?? '') }],
    run: (s, caseNo, dto, caller) => s.approvals.approve(caseNo, dto, caller),
  },
  cancel: {
    dto: ReasonDto,
    confirm: true,
    body: (f) => ({ reason: text(f, 'reason') }),
    summary: (dto: ReasonDto) => [{ label: label('申請人請求取消之理由', 'Reason given by the applicant'), value: String(dto.reason ?? '') }],
    run: (s, caseNo, dto, caller) => s.decisions.cancel(caseNo, dto, caller),
  },
  notes: {
    dto: NoteDto,
    confirm: false,
    body: (f) => ({ text: text(f, 'text') }),
    summary: () => [],
    run: (s, caseNo, dto, caller) => s.decisions.addNote(caseNo, dto, caller),
  },
  screening: {
    dto: DisposeScreeningHitDto,
    confirm: true,
    body: (f) => ({ disposition: optional(text(f, 'disposition')), reason: optional(text(f, 'reason')) }),
    summary: (dto: DisposeScreeningHitDto, f) => [
      { label: label('比對結果', 'Hit'), value: text(f, 'hitName') },
      { label: label('判定', 'Disposition'), value: both(DISPOSITION_WORDS[dto.disposition ?? ''], dto.disposition ?? '') },
      { label: label('理由', 'Reason'), value: String(dto.reason ?? '') },
    ],
    run: (s, caseNo, dto, caller, f) => s.dispositions.dispose(caseNo, text(f, 'hitId'), dto, caller),
  },
};

export const REVIEWER_ACTIONS = Object.keys(FORMS);
export const SUPPLEMENT_DOCUMENTS = ATTACHMENT_TYPES;

@Injectable()
export class ReviewerActions {
  constructor(
    readonly decisions: ReviewDecisions,
    readonly assignments: Assignments,
    readonly approvals: Approvals,
    readonly dispositions: ScreeningDispositions,
  ) {}

  has(action: string): boolean {
    return Object.hasOwn(FORMS, action);
  }

  needsConfirmation(action: string): boolean {
    return FORMS[action].confirm;
  }

  /** The form checked as the API checks its body: what the confirmation shows, or a 400 naming each field. */
  async check(action: string, fields: FormFields): Promise<SummaryLine[]> {
    const form = FORMS[action];
    return form.summary(await this.dtoOf(form, fields), fields);
  }

  /** Runs the action through the API's own service; its position, for reading one's writes. */
  async run(action: string, caseNo: string, fields: FormFields, caller: Caller): Promise<{ position: string }> {
    const form = FORMS[action];
    return form.run(this, caseNo, await this.dtoOf(form, fields), caller, fields);
  }

  private dtoOf(form: ActionForm<object>, fields: FormFields): Promise<object> {
    return form.dto === NoContent ? Promise.resolve({}) : validated(form.dto, form.body(fields));
  }
}
