import type { Consignee, GoodsItem, Party } from '../case/application';

/** The Iran/North Korea assurance's content (manual 1.1.2), registered before the application. */
export interface AssuranceContent {
  destination: 'IR' | 'KP';
  buyer: Party;
  consignee: Consignee;
  endUser: Party;
  items: GoodsItem[];
  companyEmail: string;
}

export const IRAN_NK_DESTINATIONS = ['IR', 'KP'] as const;
