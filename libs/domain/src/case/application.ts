/** The application as filed (api.md "Application body"), after its fields passed their rules. */
import type { ValidGoodsItem, ValidParty } from '../values';

export const ROUTES = ['STANDARD', 'EXEMPT', 'IRAN_NK'] as const;
export type Route = (typeof ROUTES)[number];

export const CASE_KINDS = ['NEW', 'AMENDMENT', 'CORRECTION', 'MISMATCH_CORRECTION', 'BALANCE_REISSUE'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** A buyer, consignee or end user whose fields passed R-FORM-1/2/3 (`nameZh`: the end user in CN). */
export type Party = ValidParty;

export type Consignee = Party | { sameAsBuyer: true };

/** One goods line whose fields passed R-ITEM-1…6; quantities and amounts are decimal strings. */
export type GoodsItem = ValidGoodsItem;

export interface ReExport {
  originCountry: string;
  returnsToOrigin: boolean;
}

export interface Exemption {
  reason: 'EXHIBITION' | 'SPECIAL_APPROVAL';
  endUse: string;
  returnBy: string | null;
}

export interface Application {
  kind: CaseKind;
  route: Route;
  applicantId: string;
  companyEmail: string;
  destination: string;
  transshipmentPort: string | null;
  partialShipments: boolean;
  buyer: Party;
  consignee: Consignee;
  endUser: Party;
  reExport: ReExport | null;
  exemption: Exemption | null;
  assuranceNo: string | null;
  items: GoodsItem[];
}

/** The fields an Iran/North Korea application may change from its assurance (R-IRNK-3). */
export const IRNK_CHANGEABLE_ITEM_FIELDS = ['quantity', 'unit', 'amount', 'currency'] as const;
