import { taipeiDateOf, type AssuranceSnapshot } from '@shtc/domain';
import { countryView, goodsLineView, partiesView, type CountryView, type ExporterView, type GoodsLineView, type PartiesView } from './views';

export interface AssuranceRegistrationModel extends PartiesView {
  assuranceNo: string;
  /** Taipei date. */
  registeredOn: string;
  exporter: ExporterView;
  agentId: string | null;
  companyEmail: string;
  destination: CountryView;
  items: GoodsLineView[];
}

/** R-IRNK-1: the printout of an Iran/North Korea assurance as registered (or as last changed after an unlock). */
export function assuranceRegistrationModel(assurance: AssuranceSnapshot, exporter: ExporterView): AssuranceRegistrationModel {
  return {
    assuranceNo: assurance.assuranceNo,
    registeredOn: taipeiDateOf(assurance.registeredAt),
    exporter,
    agentId: assurance.agentId,
    companyEmail: assurance.companyEmail,
    destination: countryView(assurance.destination),
    ...partiesView(assurance),
    items: assurance.items.map(goodsLineView),
  };
}
