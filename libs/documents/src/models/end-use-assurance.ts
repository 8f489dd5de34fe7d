import type { FiledCase } from '@shtc/domain';
import { countryView, goodsLineView, partiesView, shipmentsView, type Bilingual, type CountryView, type ExporterView, type GoodsLineView, type PartyView } from './views';

/** R-NEW-2: the assurance is printed in a buyer version and a consignee version. */
export const ASSURANCE_VERSIONS = ['BUYER', 'CONSIGNEE'] as const;
export type AssuranceVersion = (typeof ASSURANCE_VERSIONS)[number];

export interface EndUseAssuranceModel {
  registrationNo: string;
  /** The data version the assurance is signed for: an edit asks for a new signature (R-AMEND-1, R-CORR-2). */
  dataVersion: number;
  version: Bilingual & { code: AssuranceVersion };
  exporter: ExporterView;
  agentId: string | null;
  destination: CountryView;
  transshipmentPort: string | null;
  shipments: Bilingual;
  /** The buyer, or the consignee, as the version presents it. */
  presented: PartyView & { roleZh: string; roleEn: string };
  endUser: PartyView;
  items: GoodsLineView[];
  /** The English end use once given (at submission, R-NEW-3); blank lines for the end user until then. */
  endUse: string | null;
}

const VERSIONS: Record<AssuranceVersion, Bilingual & { roleZh: string; roleEn: string }> = {
  BUYER: { zh: '買方版', en: 'Buyer version', roleZh: '買方', roleEn: 'Buyer' },
  CONSIGNEE: { zh: '收貨人版', en: 'Consignee version', roleZh: '收貨人', roleEn: 'Consignee' },
};

/** The end-use assurance of a standard-route case, in the version asked for (R-NEW-2). */
export function endUseAssuranceModel(state: FiledCase, version: AssuranceVersion, exporter: ExporterView): EndUseAssuranceModel {
  const { application } = state;
  const parties = partiesView(application);
  const { roleZh, roleEn, zh, en } = VERSIONS[version];
  return {
    registrationNo: state.caseNo,
    dataVersion: state.dataVersion,
    version: { code: version, zh, en },
    exporter,
    agentId: state.agentId,
    destination: countryView(application.destination),
    transshipmentPort: application.transshipmentPort,
    shipments: shipmentsView(application.partialShipments),
    presented: { ...(version === 'BUYER' ? parties.buyer : parties.consignee), roleZh, roleEn },
    endUser: parties.endUser,
    items: application.items.map(goodsLineView),
    endUse: state.endUse,
  };
}
