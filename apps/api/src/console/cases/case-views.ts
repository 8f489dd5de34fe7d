import type { Application, Attachment, Route, StatusChange } from '@shtc/domain';
import { goodsLineView, partiesView, shipmentsView } from '@shtc/documents';
import { ruleTitle } from '../http/rule-titles';
import { attachmentWords, countryWords, statusWords } from '../http/words';

/** What the reviewer's and the applicant's case pages both show of a case, as view models. */

export function applicationView(application: Application) {
  const { buyer, consignee, endUser } = partiesView(application);
  return {
    destination: countryWords(application.destination),
    transshipmentPort: application.transshipmentPort,
    shipments: shipmentsView(application.partialShipments),
    companyEmail: application.companyEmail,
    parties: [
      { role: { zh: '買方', en: 'Buyer' }, ...buyer },
      { role: { zh: '收貨人', en: 'Consignee' }, ...consignee },
      { role: { zh: '最終使用者', en: 'End user' }, ...endUser },
    ],
    items: application.items.map(goodsLineView),
    exemption: application.exemption && {
      reason: application.exemption.reason === 'EXHIBITION' ? { zh: '展覽品', en: 'Exhibition goods' } : { zh: '專案核准', en: 'Special approval' },
      endUse: application.exemption.endUse,
      returnBy: application.exemption.returnBy,
    },
    reExport: application.reExport && { originCountry: countryWords(application.reExport.originCountry), returnsToOrigin: application.reExport.returnsToOrigin },
    assuranceNo: application.assuranceNo,
  };
}

export function warningsView(warnings: ReadonlyArray<{ field: string; message: string; rule?: string }>) {
  return warnings.map((warning) => ({ ...warning, ruleTitle: ruleTitle(warning.rule) }));
}

export function historyView(history: readonly StatusChange[]) {
  return history.map((change) => ({ status: statusWords(change.status), at: change.at }));
}

/** A document that can be shown in the page's preview frame. */
export interface DocumentView {
  id: string;
  name: { zh: string; en: string };
  fileName: string | null;
  sizeKb: number | null;
  addedAt: string | null;
  href: string;
  /** The same document shown in the page's frame. */
  previewHref: string;
  pdf: boolean;
}

/**
 * The case's attachments, and the documents printed from it to sign (R-NEW-2): all served by
 * the console under /console/cases/:caseNo, with the session cookie, through the API's own code.
 * `selected` names the one to preview (an attachment id or a printed document's id); by default
 * the first PDF.
 */
export function documentsView(caseNo: string, route: Route, attachments: readonly Attachment[], page: string, selected: string | undefined) {
  const base = `/console/cases/${encodeURIComponent(caseNo)}`;
  const uploaded: DocumentView[] = attachments.map((attachment) => ({
    id: attachment.attachmentId,
    name: attachmentWords(attachment.type),
    fileName: attachment.fileName,
    sizeKb: Math.max(1, Math.round(attachment.size / 1024)),
    addedAt: attachment.addedAt,
    href: `${base}/attachments/${encodeURIComponent(attachment.attachmentId)}`,
    previewHref: `${page}?doc=${encodeURIComponent(attachment.attachmentId)}#documents`,
    pdf: attachment.mediaType === 'application/pdf',
  }));
  const printed: DocumentView[] = [
    ...(route === 'STANDARD'
      ? (['BUYER', 'CONSIGNEE'] as const).map((version) => ({
          id: `end-use-assurance-${version.toLowerCase()}`,
          name: version === 'BUYER' ? { zh: '最終用途保證書（買方版）', en: 'End-use assurance, buyer version' } : { zh: '最終用途保證書（收貨人版）', en: 'End-use assurance, consignee version' },
          fileName: null,
          sizeKb: null,
          addedAt: null,
          href: `${base}/documents/end-use-assurance.pdf?version=${version}`,
          previewHref: `${page}?doc=end-use-assurance-${version.toLowerCase()}#documents`,
          pdf: true,
        }))
      : []),
    {
      id: 'red-flag-affidavit',
      name: { zh: '紅色警戒清單(異常交易)檢核切結書', en: 'Red-flag checklist affidavit' },
      fileName: null,
      sizeKb: null,
      addedAt: null,
      href: `${base}/documents/red-flag-affidavit.pdf`,
      previewHref: `${page}?doc=red-flag-affidavit#documents`,
      pdf: true,
    },
  ];
  const all = [...uploaded, ...printed];
  const preview = all.find((document) => document.id === selected && document.pdf) ?? (selected === undefined ? uploaded.find((document) => document.pdf) : undefined) ?? null;
  return { uploaded, printed, preview: preview && { ...preview, src: preview.href } };
}
