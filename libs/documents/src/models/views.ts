import { countryNameEn, countryNameZhTw, type Consignee, type GoodsItem, type Party } from '@shtc/domain';

/** A text in Traditional Chinese and English, as the documents print both. */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface CountryView extends Bilingual {
  code: string;
}

/** A buyer, consignee or end user as printed; every field is present (null when empty), as the templates' strict mode wants. */
export interface PartyView {
  name: string;
  nameZh: string | null;
  address: string;
  country: CountryView;
  /** The consignee marked "same as buyer" (R-FORM-2), printed with the buyer's data. */
  sameAsBuyer: boolean;
}

export interface GoodsLineView {
  itemNo: number;
  goodsName: string;
  brand: string | null;
  model: string | null;
  spec: string | null;
  cccCode: string;
  eccn: string;
  quantity: string;
  unit: string;
  amount: string;
  currency: string;
}

/** The exporter (applicant): its business ID, and its account's name when it has one. */
export interface ExporterView {
  businessId: string;
  name: string | null;
}

export interface PartiesView {
  buyer: PartyView;
  consignee: PartyView;
  endUser: PartyView;
}

/** A country's code with its Traditional Chinese and English names; an unknown code prints as itself. */
export function countryView(code: string): CountryView {
  try {
    return { code, zh: countryNameZhTw(code), en: countryNameEn(code) };
  } catch {
    return { code, zh: code, en: code };
  }
}

export function partyView(party: Party): PartyView {
  return { name: party.name, nameZh: party.nameZh ?? null, address: party.address, country: countryView(party.country), sameAsBuyer: false };
}

/** The three parties; a consignee "same as buyer" prints the buyer's data, marked so. */
export function partiesView(parties: { buyer: Party; consignee: Consignee; endUser: Party }): PartiesView {
  const buyer = partyView(parties.buyer);
  const consignee = 'sameAsBuyer' in parties.consignee ? { ...buyer, sameAsBuyer: true } : partyView(parties.consignee);
  return { buyer, consignee, endUser: partyView(parties.endUser) };
}

export function goodsLineView(item: GoodsItem): GoodsLineView {
  const { itemNo, goodsName, cccCode, eccn, quantity, unit, amount, currency } = item;
  return { itemNo, goodsName, brand: item.brand ?? null, model: item.model ?? null, spec: item.spec ?? null, cccCode, eccn, quantity, unit, amount, currency };
}

/** R-LIC-3, R-FORM-5: partial or single shipment. */
export function shipmentsView(partialShipments: boolean): Bilingual {
  return partialShipments ? { zh: '分批', en: 'Partial shipments' } : { zh: '不分批', en: 'Single shipment' };
}
