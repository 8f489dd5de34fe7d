import { toString as qrSvg } from 'qrcode';
import { LICENCE_STATUS_ZH, taipeiDateOf, type IssuedLicence, type LicenceStatus, type ValidityReason } from '@shtc/domain';
import { countryView, goodsLineView, partiesView, shipmentsView, type Bilingual, type CountryView, type ExporterView, type GoodsLineView, type PartiesView } from './views';

export interface LicenceReferenceCopyModel extends PartiesView {
  licenceNo: string;
  caseNo: string;
  status: Bilingual & { code: LicenceStatus };
  /** When it expired, was used up or was cancelled, and the case that reissued its balance. */
  statusNotes: string[];
  issuedOn: string;
  validUntil: string;
  validity: Bilingual;
  shipments: Bilingual;
  exporter: ExporterView;
  agentId: string | null;
  destination: CountryView;
  items: Array<GoodsLineView & { shipped: string; balance: string }>;
  /** The licence number as a QR code: an SVG data: URL (vector, so it prints sharp). */
  qrCode: string;
}

const STATUS_EN: Record<LicenceStatus, string> = { VALID: 'Valid', EXHAUSTED: 'Used up', EXPIRED: 'Expired', CANCELLED: 'Cancelled' };

/** R-LIC-1: why the licence is valid 6 months or 2 years. */
const VALIDITY: Record<ValidityReason, Bilingual> = {
  STANDARD: { zh: '6 個月', en: '6 months' },
  ALL_FOUR_REGIMES: { zh: '2 年：目的地同屬四大國際出口管制組織', en: '2 years: the destination belongs to all four export control regimes' },
  REPEAT_SHIPMENTS: { zh: '2 年：前半年內輸往同一進口人達五次以上', en: '2 years: five or more shipments to the same importer in the previous 6 months' },
};

/** R-LIC-5: the reference copy of a licence, with what was shipped of each item and its balance (R-CUS-2). */
export async function licenceReferenceCopyModel(licence: IssuedLicence, exporter: ExporterView): Promise<LicenceReferenceCopyModel> {
  return {
    licenceNo: licence.licenceNo,
    caseNo: licence.caseNo,
    status: { code: licence.status, zh: LICENCE_STATUS_ZH[licence.status], en: STATUS_EN[licence.status] },
    statusNotes: statusNotes(licence),
    issuedOn: licence.issuedOn,
    validUntil: licence.validUntil,
    validity: VALIDITY[licence.validityReason],
    shipments: shipmentsView(licence.partialShipments),
    exporter,
    agentId: licence.agentId,
    destination: countryView(licence.destination),
    ...partiesView(licence),
    items: licence.items.map((item) => ({ ...goodsLineView(item), shipped: item.shipped, balance: item.balance })),
    qrCode: await qrCodeDataUrl(licence.licenceNo),
  };
}

function statusNotes(licence: IssuedLicence): string[] {
  return [
    licence.exhaustedAt && `用罄日期 Used up on ${taipeiDateOf(licence.exhaustedAt)}`,
    licence.expiredAt && `逾期日期 Expired on ${taipeiDateOf(licence.expiredAt)}`,
    licence.cancellation && `註銷日期 Cancelled on ${taipeiDateOf(licence.cancellation.cancelledAt)}`,
    licence.reissuedBy && `餘額重簽案 Balance reissued by ${licence.reissuedBy}`,
  ].filter((note): note is string => typeof note === 'string');
}

/** A QR code of `text` as an SVG data: URL; medium error correction survives a worn printout. */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await qrSvg(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
