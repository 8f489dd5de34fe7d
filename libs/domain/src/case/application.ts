/** The application as filed (api.md "Application body"), after its fields passed their rules. */

export const ROUTES = ['STANDARD', 'EXEMPT', 'IRAN_NK'] as const;
export type Route = (typeof ROUTES)[number];

export const CASE_KINDS = ['NEW', 'AMENDMENT', 'CORRECTION', 'MISMATCH_CORRECTION', 'BALANCE_REISSUE'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export interface Party {
  name: string;
  address: string;
  country: string;
  /** The end user's name in Traditional Chinese, required in mainland China (R-FORM-3). */
  nameZh?: string;
}

export type Consignee = Party | { sameAsBuyer: true };

export interface GoodsItem {
  itemNo: number;
  goodsName: string;
  brand?: string;
  model?: string;
  spec?: string;
  cccCode: string;
  eccn: string;
  /** Decimal strings (architecture.md item 8). */
  quantity: string;
  unit: string;
  amount: string;
  currency: string;
}

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
