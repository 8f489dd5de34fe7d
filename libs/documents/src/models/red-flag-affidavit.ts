import type { FiledCase, Route } from '@shtc/domain';
import type { RedFlagChecklist } from '@shtc/reference-data';
import { countryView, goodsLineView, partiesView, type Bilingual, type CountryView, type ExporterView, type GoodsLineView, type PartiesView } from './views';

export interface RedFlagAffidavitModel extends PartiesView {
  receiptNo: string;
  route: Bilingual;
  exporter: ExporterView;
  agentId: string | null;
  destination: CountryView;
  items: GoodsLineView[];
  checklist: Array<Bilingual & { no: number; id: string }>;
}

const ROUTES: Record<Route, Bilingual> = {
  STANDARD: { zh: '需檢附最終用途保證書', en: 'Standard (end-use assurance required)' },
  EXEMPT: { zh: '免附最終用途保證書', en: 'Exempt from the end-use assurance' },
  IRAN_NK: { zh: '輸往伊朗、北韓', en: 'Iran or North Korea' },
};

/**
 * The red-flag checklist affidavit of a case (R-NEW-2; every route needs it: R-NEW-4, R-EXEMPT-3,
 * R-IRNK-4), with BOFT's checklist from reference data (red-flags.json).
 */
export function redFlagAffidavitModel(state: FiledCase, checklist: RedFlagChecklist, exporter: ExporterView): RedFlagAffidavitModel {
  const { application } = state;
  return {
    receiptNo: state.caseNo,
    route: ROUTES[state.route],
    exporter,
    agentId: state.agentId,
    destination: countryView(application.destination),
    ...partiesView(application),
    items: application.items.map(goodsLineView),
    checklist: checklist.items.map((item, index) => ({ no: index + 1, id: item.id, zh: item.zh, en: item.en })),
  };
}
