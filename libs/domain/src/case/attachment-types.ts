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
