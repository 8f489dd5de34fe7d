import { ATTACHMENT_TYPE_NAMES, STATUS_ZH, type AttachmentType, type CaseKind, type CaseStatus, type Route } from '@shtc/domain';
import { countryView } from '@shtc/documents';
import type { Bilingual } from './console-pages';

/** The console's words for the domain's codes, in Traditional Chinese (domain.md's glossary) and English. */

const STATUS_EN: Record<CaseStatus, string> = {
  REGISTERED: 'Registered',
  INITIAL_REVIEW: 'Initial review',
  CONSULTATION: 'Consultation',
  SECOND_REVIEW: 'Second review',
  AWAITING_SUPPLEMENT: 'Awaiting documents',
  RETURNED_TO_INITIAL_REVIEW: 'Returned to initial review',
  CLOSED_FOR_AMENDMENT: 'Closed for amendment',
  REJECTED: 'Rejected',
  APPROVED: 'Approved',
  CANCELLED: 'Cancelled',
};

export interface Coded extends Bilingual {
  code: string;
}

export function statusWords(status: string): Coded {
  return status in STATUS_EN ? { code: status, zh: STATUS_ZH[status as CaseStatus], en: STATUS_EN[status as CaseStatus] } : { code: status, zh: status, en: status };
}

export const QUEUE_WORDS: Record<string, Bilingual> = {
  INITIAL_REVIEW: { zh: '初審', en: 'Initial review' },
  CONSULTATION: { zh: '協查', en: 'Consultation' },
  SECOND_REVIEW: { zh: '複審', en: 'Second review' },
  AWAITING_SUPPLEMENT: { zh: '補件', en: 'Awaiting documents' },
};

const ROUTE_WORDS: Record<Route, Bilingual> = {
  STANDARD: { zh: '一般（附保證書）', en: 'Standard' },
  EXEMPT: { zh: '免附保證書', en: 'Exempt' },
  IRAN_NK: { zh: '伊朗／北韓', en: 'Iran / North Korea' },
};

export function routeWords(route: string): Coded {
  return { code: route, ...(ROUTE_WORDS[route as Route] ?? { zh: route, en: route }) };
}

const KIND_WORDS: Record<CaseKind, Bilingual> = {
  NEW: { zh: '新申請', en: 'New' },
  AMENDMENT: { zh: '補正', en: 'Amendment' },
  CORRECTION: { zh: '更正', en: 'Correction' },
  MISMATCH_CORRECTION: { zh: '單證比對不符修正', en: 'Mismatch correction' },
  BALANCE_REISSUE: { zh: '餘額重簽', en: 'Balance reissue' },
};

export function kindWords(kind: string): Coded {
  return { code: kind, ...(KIND_WORDS[kind as CaseKind] ?? { zh: kind, en: kind }) };
}

const FLAG_WORDS: Record<string, Bilingual> = {
  SCREENING_HIT: { zh: '名單比對疑似', en: 'Screening hit' },
  CONTROLLED_AREA: { zh: '管制地區', en: 'Controlled area' },
  IRAN_NK: { zh: '伊朗／北韓', en: 'Iran / NK' },
  CONSULTED: { zh: '已協查', en: 'Consulted' },
  RETURNED: { zh: '曾退回初審', en: 'Returned' },
  OVERDUE_CLOSE_OUT: { zh: '展覽品逾期未銷案', en: 'Overdue close-out' },
};

export function flagWords(flag: string): Coded {
  return { code: flag, ...(FLAG_WORDS[flag] ?? { zh: flag, en: flag }) };
}

export const FLAG_CODES = Object.keys(FLAG_WORDS);

/** Attachment types by the manual's names (short English for lists). */
export function attachmentWords(type: string): Coded {
  const names = ATTACHMENT_TYPE_NAMES[type as AttachmentType];
  if (!names) return { code: type, zh: type, en: type };
  const en = names.en.replace(/^(the|a|an) /, '');
  return { code: type, zh: names.zh, en: en.charAt(0).toUpperCase() + en.slice(1) };
}

export function countryWords(code: string): Coded {
  const { zh, en } = countryView(code);
  return { code, zh, en };
}

/** Each reviewer action of the transition table, as its button or form is named. */
export const ACTION_WORDS: Record<string, Bilingual> = {
  claim: { zh: '認領', en: 'Claim' },
  release: { zh: '釋出', en: 'Release' },
  reassign: { zh: '改分派', en: 'Reassign' },
  'request-supplement': { zh: '通知補件', en: 'Ask for documents' },
  'refer-consultation': { zh: '送協查', en: 'Refer to consultation' },
  'consultation-reply': { zh: '登錄協查意見', en: 'Record a consultation reply' },
  forward: { zh: '移送複審', en: 'Forward to second review' },
  return: { zh: '退回初審', en: 'Return to initial review' },
  'close-for-amendment': { zh: '補正結案', en: 'Close for amendment' },
  reject: { zh: '退件結案', en: 'Reject' },
  approve: { zh: '核准（准件結案）', en: 'Approve' },
  cancel: { zh: '依申請取消', en: 'Cancel on request' },
  notes: { zh: '內部備註', en: 'Internal note' },
  screening: { zh: '名單比對判定', en: 'Screening disposition' },
  // The applicant's side
  submit: { zh: '送件', en: 'Submit' },
  attach: { zh: '上傳文件', en: 'Upload' },
  supplement: { zh: '補件送回', en: 'Send the supplement back' },
  'remove-attachment': { zh: '刪除文件', en: 'Remove a document' },
  edit: { zh: '修改資料', en: 'Edit' },
};

/** What a banner says after an action went through. */
export const DONE_WORDS: Record<string, Bilingual> = {
  claim: { zh: '已認領本案。', en: 'The case is yours now.' },
  release: { zh: '已釋出本案。', en: 'The case is back in its queue for anyone.' },
  reassign: { zh: '已改分派。', en: 'The case is reassigned.' },
  'request-supplement': { zh: '已通知補件，審查期限暫停計算。', en: 'Documents asked for; the review clock stops.' },
  'refer-consultation': { zh: '已送協查。', en: 'Referred to consultation.' },
  'consultation-reply': { zh: '已登錄協查意見。', en: 'The reply is recorded.' },
  forward: { zh: '已移送複審。', en: 'Forwarded to second review.' },
  return: { zh: '已退回初審。', en: 'Returned to initial review.' },
  'close-for-amendment': { zh: '已補正結案。', en: 'Closed for amendment.' },
  reject: { zh: '已退件結案。', en: 'Rejected.' },
  approve: { zh: '已核准，許可證已核發。', en: 'Approved: the licence is issued.' },
  cancel: { zh: '已取消本案。', en: 'The case is cancelled.' },
  notes: { zh: '已新增備註。', en: 'Note added.' },
  screening: { zh: '已登錄判定。', en: 'Disposition recorded.' },
  file: { zh: '案件已建立。', en: 'The case is filed.' },
  submit: { zh: '已送件，案件進入初審。', en: 'Submitted: the case is in initial review.' },
  attach: { zh: '文件已上傳。', en: 'The document is uploaded.' },
  supplement: { zh: '補件已送回，案件回到原審查階段。', en: 'Supplement sent back: the case returns to its review stage.' },
  'remove-attachment': { zh: '文件已刪除。', en: 'The document is removed.' },
};

export const RECOMMENDATION_WORDS: Record<string, Bilingual> = {
  APPROVE: { zh: '建議核准', en: 'Recommend approval' },
  REJECT: { zh: '建議退件', en: 'Recommend rejection' },
};

export const OPINION_WORDS: Record<string, Bilingual> = {
  NO_OBJECTION: { zh: '無意見', en: 'No objection' },
  OBJECTION: { zh: '有疑慮', en: 'Objection' },
};

export const DISPOSITION_WORDS: Record<string, Bilingual> = {
  OPEN: { zh: '待判定', en: 'Open' },
  TRUE_MATCH: { zh: '確認相符', en: 'True match' },
  FALSE_MATCH: { zh: '誤判（不相符）', en: 'False match' },
};

export const PARTY_WORDS: Record<string, Bilingual> = {
  BUYER: { zh: '買方', en: 'Buyer' },
  CONSIGNEE: { zh: '收貨人', en: 'Consignee' },
  END_USER: { zh: '最終使用者', en: 'End user' },
};

export const MATCHED_ON_WORDS: Record<string, Bilingual> = {
  END_USER: { zh: '相同最終使用者', en: 'Same end user' },
  BUYER: { zh: '相同買方', en: 'Same buyer' },
  ECCN: { zh: '相同管制號碼', en: 'Same export control number' },
  CCC_CODE: { zh: '相同貨品分類號列', en: 'Same CCC code' },
};

export function words(table: Record<string, Bilingual>, code: string): Coded {
  return { code, ...(table[code] ?? { zh: code, en: code }) };
}
