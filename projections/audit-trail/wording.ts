import { STATUS_ZH, type Actor, type CaseKind, type CaseStatus, type Route } from '@shtc/domain';

/** One line on what an event records, in English and in Traditional Chinese. */
export interface Description {
  en: string;
  zh: string;
}

/** Who acted, as a sentence names them: "Reviewer R001" / 「審查人員 R001」. */
export type Who = Description;

const ROLE_WORDS: Readonly<Record<string, Description>> = {
  APPLICANT: { en: 'Applicant', zh: '申請人' },
  AGENT: { en: 'Agent', zh: '代理人' },
  REVIEWER: { en: 'Reviewer', zh: '審查人員' },
  AUDITOR: { en: 'Auditor', zh: '稽核人員' },
  CUSTOMS: { en: 'Customs', zh: '海關' },
  ADMIN: { en: 'Administrator', zh: '系統管理者' },
};

/** Machine actors act under a name of their own, not a business number. */
const MACHINES: Readonly<Record<string, Description>> = {
  SCHEDULER: { en: 'The scheduler', zh: '系統排程' },
};

export function whoOf(actor: Actor): Who {
  const machine = MACHINES[actor.role];
  if (machine) return machine;
  const words = ROLE_WORDS[actor.role] ?? { en: actor.role, zh: actor.role };
  return { en: `${words.en} ${actor.businessId}`, zh: `${words.zh} ${actor.businessId}` };
}

/** Each status in running English ("the case is back in initial review"); STATUS_ZH has the manual's names. */
export const STATUS_EN: Readonly<Record<CaseStatus, string>> = {
  REGISTERED: 'registration',
  INITIAL_REVIEW: 'initial review',
  CONSULTATION: 'consultation',
  SECOND_REVIEW: 'second review',
  AWAITING_SUPPLEMENT: 'awaiting documents',
  RETURNED_TO_INITIAL_REVIEW: 'initial review (returned from second review)',
  CLOSED_FOR_AMENDMENT: 'closed for amendment',
  REJECTED: 'rejected',
  APPROVED: 'approved',
  CANCELLED: 'cancelled',
};

export const statusWords = (status: CaseStatus): Description => ({ en: STATUS_EN[status], zh: STATUS_ZH[status] });

/** The case kinds of domain.md's table (申請類別). */
export const KIND_WORDS: Readonly<Record<CaseKind, Description>> = {
  NEW: { en: 'new application', zh: '新申請' },
  AMENDMENT: { en: 'amendment', zh: '補正' },
  CORRECTION: { en: 'correction', zh: '更正' },
  MISMATCH_CORRECTION: { en: 'mismatch correction', zh: '單證比對不符修正' },
  BALANCE_REISSUE: { en: 'balance reissue', zh: '餘額重簽' },
};

export const ROUTE_WORDS: Readonly<Record<Route, Description>> = {
  STANDARD: { en: 'standard route', zh: '一般案件' },
  EXEMPT: { en: 'exempt route', zh: '免附最終用途保證書' },
  IRAN_NK: { en: 'Iran/North Korea route', zh: '伊朗／北韓案件' },
};

/** Free text (a reason, a note, a file name) on one line, short enough to read in a timeline. */
export function oneLine(text: string, max = 160): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "a, b and c" / 「a、b、c」. */
export function listOf(parts: Description[]): Description {
  const en = parts.map((part) => part.en);
  return {
    en: en.length <= 1 ? (en[0] ?? '') : `${en.slice(0, -1).join(', ')} and ${en[en.length - 1]}`,
    zh: parts.map((part) => part.zh).join('、'),
  };
}

/** Reasons as given, each on one line: "a; b" / 「a；b」. */
export function reasonsOf(reasons: string[]): Description {
  const lines = reasons.map((reason) => oneLine(reason, 120));
  return { en: lines.join('; '), zh: lines.join('；') };
}

/** The same words in both languages (a number, a code, text as the person typed it). */
export const same = (text: string): Description => ({ en: text, zh: text });
