/** Case statuses and their names in the manual's words (domain.md). */
export const CASE_STATUSES = [
  'REGISTERED',
  'INITIAL_REVIEW',
  'CONSULTATION',
  'SECOND_REVIEW',
  'AWAITING_SUPPLEMENT',
  'RETURNED_TO_INITIAL_REVIEW',
  'CLOSED_FOR_AMENDMENT',
  'REJECTED',
  'APPROVED',
  'CANCELLED',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STATUS_ZH: Record<CaseStatus, string> = {
  REGISTERED: '登錄中',
  INITIAL_REVIEW: '初審中',
  CONSULTATION: '協查中',
  SECOND_REVIEW: '複審中',
  AWAITING_SUPPLEMENT: '補件',
  RETURNED_TO_INITIAL_REVIEW: '退回初審',
  CLOSED_FOR_AMENDMENT: '補正結案',
  REJECTED: '退件結案',
  APPROVED: '准件結案',
  CANCELLED: '已取消',
};
