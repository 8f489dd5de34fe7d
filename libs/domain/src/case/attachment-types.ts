/** Attachment types of api.md. */
export const ATTACHMENT_TYPES = [
  'END_USE_ASSURANCE',
  'RED_FLAG_AFFIDAVIT',
  'CATALOGUE',
  'TRANSACTION_DOCUMENT',
  'END_USER_INTRODUCTION',
  'BUSINESS_LICENCE',
  'IMPORT_DECLARATION',
  'IMPORT_CERTIFICATE',
  'REEXPORT_CONSENT',
  'EXHIBITION_PROOF',
  'EXHIBITION_INTRODUCTION',
  'BOOTH_PLAN',
  'SPECIAL_APPROVAL',
  'OTHER',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface Attachment {
  attachmentId: string;
  type: AttachmentType;
  fileName: string;
  size: number;
  sha256: string;
  mediaType: string;
  /** The application data version it was uploaded for: an edit makes an assurance stale (R-NEW-1). */
  dataVersion: number;
  addedAt: string;
}

/**
 * Each attachment type as the manual's lists of documents name it (R-NEW-4, R-EXEMPT-3,
 * R-IRNK-4), in Traditional Chinese and English: what an applicant asked for documents reads
 * (R-REV-5), so the names must be the ones the applicant knows from filing.
 */
export const ATTACHMENT_TYPE_NAMES: Record<AttachmentType, { zh: string; en: string }> = {
  END_USE_ASSURANCE: { zh: '最終使用者簽署之最終用途保證書', en: 'the end-use assurance signed by the end user' },
  RED_FLAG_AFFIDAVIT: { zh: '紅色警戒清單(異常交易)檢核切結書', en: 'the red-flag (abnormal transaction) checklist affidavit' },
  CATALOGUE: { zh: '產品英文型錄及規格資料', en: 'the English product catalogue and specifications' },
  TRANSACTION_DOCUMENT: { zh: '交易文件（Proforma Invoice、Purchase Order 或合約）', en: 'a transaction document (proforma invoice, purchase order or contract)' },
  END_USER_INTRODUCTION: { zh: '最終使用者公司介紹相關資料', en: "an introduction of the end user's company" },
  BUSINESS_LICENCE: { zh: '公司營業執照影本', en: "a copy of the end user's business licence" },
  IMPORT_DECLARATION: { zh: '進口報單副本之進口證明用聯影本', en: 'the import declaration copy (import certificate copy)' },
  IMPORT_CERTIFICATE: { zh: '戰略性高科技貨品進口保證文件第3聯影本', en: 'the SHTC import certificate copy (third copy)' },
  REEXPORT_CONSENT: { zh: '原出口國政府核准再出口證明文件', en: "the original exporting country's re-export consent" },
  EXHIBITION_PROOF: { zh: '參展證明文件與繳費收據', en: 'proof of participation in the exhibition and the fee receipt' },
  EXHIBITION_INTRODUCTION: { zh: '展覽簡介', en: 'an introduction of the exhibition' },
  BOOTH_PLAN: { zh: '攤位圖', en: 'the booth plan' },
  SPECIAL_APPROVAL: { zh: '貿易局專案核准文件', en: "BOFT's special approval document" },
  OTHER: { zh: '其他文件', en: 'other documents' },
};
