import type { Actor } from '../shared/actor';
import type { Consignee, GoodsItem, Party } from '../case/application';
import type { ValidityReason } from '../case/review/licence-validity';

/**
 * Events of a `licence-<licenceNo>` stream. A licence is opened from its case's approval
 * (CaseApproved), with the goods, parties and validity it was approved for (R-LIC-1); it is
 * never extended (R-LIC-2).
 */
export interface LicenceIssued {
  type: 'LicenceIssued';
  data: {
    licenceNo: string;
    caseNo: string;
    /** The applicant (exporter) holding the licence, and the agent that filed its case. */
    holderId: string;
    agentId: string | null;
    destination: string;
    buyer: Party;
    consignee: Consignee;
    endUser: Party;
    partialShipments: boolean;
    items: GoodsItem[];
    issuedOn: string;
    validUntil: string;
    validityMonths: 6 | 24;
    validityReason: ValidityReason;
    issuedAt: string;
    /** The reviewer whose approval issued it. */
    by: Actor;
  };
}

export type LicenceEvent = LicenceIssued;
