import { ATTACHMENT_TYPE_NAMES, STATUS_ZH, taipeiMinuteOf, type CaseEvent, type CaseStatus, type StatusChange } from '@shtc/domain';

export interface StatusMail {
  subject: string;
  text: string;
}

/** Each status as an applicant reads it in English (domain.md's status table); STATUS_ZH has the manual's names. */
const STATUS_EN: Record<CaseStatus, string> = {
  REGISTERED: 'registered',
  INITIAL_REVIEW: 'in initial review',
  CONSULTATION: 'in inter-agency consultation',
  SECOND_REVIEW: 'in second review',
  AWAITING_SUPPLEMENT: 'awaiting documents',
  RETURNED_TO_INITIAL_REVIEW: 'returned to initial review',
  CLOSED_FOR_AMENDMENT: 'closed for amendment',
  REJECTED: 'rejected',
  APPROVED: 'approved',
  CANCELLED: 'cancelled',
};

/**
 * The email telling the case's company of a status change (R-NOTE-1), Traditional Chinese first,
 * then English. It carries only what the applicant's side reads of the case anyway
 * (GET /applications/:caseNo): the status, the documents asked for and by when, the decision's
 * reasons and the licence. Internal notes, screening hits, consultation notes, the initial
 * reviewer's recommendation and the second reviewer's reason for returning a case to initial
 * review (addressed to the initial reviewer, not shown to the applicant) stay out, and so does who
 * decided: the mailbox may be read by more people than the account, and a mail is forwarded more
 * easily than a screen.
 */
export function statusMail(caseNo: string, event: CaseEvent, change: StatusChange): StatusMail {
  const { status, at } = change;
  const news = newsOf(event, status);
  const details = detailsOf(event);
  const text = [
    '【案件狀態通知 / Case status notice】',
    `案件編號 / Case number: ${caseNo}`,
    `新狀態 / New status: ${STATUS_ZH[status]} (${status})`,
    `時間 / Changed at: ${taipeiMinuteOf(at)} 台北時間 (Taipei time)`,
    '',
    news.zh,
    news.en,
    ...(details.length > 0 ? ['', ...details] : []),
    '',
    '本信由系統自動發送，請勿直接回覆；案件詳情請登入系統查詢。',
    'This message was sent automatically; please do not reply to it. Sign in to see the case.',
  ].join('\n');
  return { subject: `案件 ${caseNo}：${STATUS_ZH[status]} / Case ${caseNo}: ${STATUS_EN[status]}`, text };
}

/** One sentence in each language on what happened: phrased by the event, the status named by `statusAfter`. */
function newsOf(event: CaseEvent, status: CaseStatus): { zh: string; en: string } {
  const zh = STATUS_ZH[status];
  const en = STATUS_EN[status];
  switch (event.type) {
    case 'CaseRegistered':
      return { zh: '案件資料已登錄。請上傳應檢附文件後送出申請。', en: 'The case has been registered. Upload the documents required, then submit the application.' };
    case 'ExemptCaseFiled':
    case 'ApplicationSubmitted':
      return { zh: '申請案已送出並收件，進入初審。', en: 'The application has been submitted and received; it is in initial review.' };
    case 'SupplementRequested':
      return {
        zh: '審查人員請您補附下列文件；補件期間審查期限暫停計算。請上傳文件後於系統送出補件。',
        en: 'The reviewer asks you for the documents below; the review clock stops until you send them. Upload them, then send the supplement.',
      };
    case 'SupplementProvided':
      return { zh: `已收到您的補件，案件回到「${zh}」。`, en: `Your supplement has been received; the case is ${en} again.` };
    case 'CaseReferredToConsultation':
      return { zh: '案件已送請相關機關協查，審查期間將延長。', en: 'The case has been referred to other agencies for consultation, which lengthens the review.' };
    case 'ConsultationCompleted':
      return { zh: `協查已完成，案件回到「${zh}」。`, en: `The consultation is complete; the case is ${en} again.` };
    case 'ForwardedToSecondReview':
      return { zh: '初審已完成，案件進入複審。', en: 'The initial review is complete; the case is in second review.' };
    case 'ReturnedToInitialReview':
      return { zh: '案件已退回初審，將再次審查。', en: 'The case has been returned to initial review to be examined again.' };
    case 'ClosedForAmendment':
      return {
        zh: '案件已補正結案。請依下列理由修正資料，並以本案件編號提出補正申請。',
        en: 'The case has been closed for amendment. Correct the data for the reasons below and file an amendment quoting this case number.',
      };
    case 'CaseRejected':
      return { zh: '申請案已退件結案，理由如下。', en: 'The application has been rejected for the reasons below.' };
    case 'CaseApproved':
      return { zh: '申請案已准件結案，輸出許可證已核發。', en: 'The application has been approved and the export licence issued.' };
    case 'CaseCancelled':
      return { zh: '案件已取消。', en: 'The case has been cancelled.' };
    default:
      // A status change a later event brings still mails, in words that fit every status.
      return { zh: `案件狀態已更新為「${zh}」。`, en: `The case is now ${en}.` };
  }
}

/** What the applicant needs to act on or keep: documents and deadline, reasons, the licence. */
function detailsOf(event: CaseEvent): string[] {
  switch (event.type) {
    case 'SupplementRequested': {
      const { documents, replyBy, message } = event.data;
      return [
        '應補文件 / Documents requested:',
        ...documents.map((type) => `- ${ATTACHMENT_TYPE_NAMES[type].zh} / ${ATTACHMENT_TYPE_NAMES[type].en} (${type})`),
        `補件期限 / Reply by: ${replyBy}`,
        ...(message.trim() ? ['審查人員說明 / Reviewer’s message:', message] : []),
      ];
    }
    case 'ClosedForAmendment':
    case 'CaseRejected':
      return ['理由 / Reasons:', ...event.data.reasons.map((reason) => `- ${reason}`)];
    case 'CaseCancelled':
      return [`取消理由 / Reason: ${event.data.reason}`];
    case 'CaseApproved': {
      const { licence, note } = event.data;
      return [
        `許可證號碼 / Licence number: ${licence.licenceNo}`,
        `有效期限至 / Valid until: ${licence.validUntil}`,
        // The approving reviewer's note is the decision's reason the applicant reads on the case.
        ...(note.trim() ? [`審查意見 / Reviewer’s note: ${note}`] : []),
      ];
    }
    default:
      return [];
  }
}
