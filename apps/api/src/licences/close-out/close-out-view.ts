import { isCloseOutOverdue, type IssuedLicence } from '@shtc/domain';

/** Where the holder, reviewers and auditors download a licence's close-out document. */
export const closeOutDocumentHref = (licenceNo: string) => `/licences/${encodeURIComponent(licenceNo)}/close-out/document`;

/**
 * What a licence view shows of its close-out (R-EXEMPT-4): for an exhibition licence its
 * deadline, whether the close-out is overdue today, and the close-out once recorded, with its
 * document's metadata and link; nothing for any other licence (it owes no close-out).
 */
export function closeOutView(licence: IssuedLicence, now: string) {
  if (!licence.closeOutBy) return {};
  const closedOut = licence.closedOut;
  return {
    closeOutBy: licence.closeOutBy,
    closeOutOverdue: isCloseOutOverdue(licence, now),
    closedOut: closedOut && {
      outcome: closedOut.outcome,
      note: closedOut.note,
      closedOutAt: closedOut.closedOutAt,
      late: closedOut.late,
      by: closedOut.by.businessId,
      document: { ...closedOut.document, href: closeOutDocumentHref(licence.licenceNo) },
    },
  };
}
