import type { Actor } from '../shared/actor';
import type { Consignee, GoodsItem, Party } from '../case/application';
import type { ValidityReason } from '../case/review/licence-validity';
import type { DeclarationContent, DeclarationDifference, ReleaseContent } from './customs';
import type { CloseOutDocument, CloseOutOutcome } from './exhibition-close-out';

/**
 * Events of a `licence-<licenceNo>` stream. A licence is opened from its case's approval
 * (CaseApproved), with the goods, parties and validity it was approved for (R-LIC-1); customs
 * compares declarations with it (R-CUS-1) and records releases against its balance (R-CUS-2);
 * it ends exhausted, expired or cancelled, and is never extended (R-LIC-2).
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
    /**
     * R-EXEMPT-4: the last day (Taipei) to close out an exhibition licence, its case's
     * `exemption.returnBy`; null for every other licence. Schema version 2: version 1 had none.
     */
    closeOutBy: string | null;
  };
}

/**
 * R-CUS-1: customs' declaration compared with the licence. `declaration` is what customs sent,
 * normalised (trimmed, codes upper-cased, decimals canonical): a retry is recognised by it.
 * A MISMATCH carries the co-processing code (會辦識別碼) a mismatch correction quotes (R-MISM-1);
 * once that correction is approved, the declaration is compared again with the corrected licence
 * and the new result names the correction case (`correctionCaseNo`), for customs.
 */
export interface DeclarationCompared {
  type: 'DeclarationCompared';
  data: {
    declarationNo: string;
    declaration: DeclarationContent;
    result: 'MATCH' | 'MISMATCH';
    differences: DeclarationDifference[];
    coProcessingCode: string | null;
    /** The mismatch correction whose approval compared the declaration again (R-MISM-1); null for customs' own comparison. */
    correctionCaseNo: string | null;
    comparedAt: string;
    by: Actor;
  };
}

/** R-CUS-2: a shipment against the licence; each released item with its balance after it. */
export interface GoodsReleased {
  type: 'GoodsReleased';
  data: {
    declarationNo: string;
    releasedAt: ReleaseContent['releasedAt'];
    items: Array<{ itemNo: number; quantity: string; balance: string }>;
    recordedAt: string;
    by: Actor;
  };
}

/** R-LIC-3: every item's quantity is used; the release that used the last of it is named. */
export interface LicenceExhausted {
  type: 'LicenceExhausted';
  data: { declarationNo: string; exhaustedAt: string };
}

/** The end of the validity (R-LIC-1), written by the scheduler once `validUntil` has passed. */
export interface LicenceExpired {
  type: 'LicenceExpired';
  data: { validUntil: string; expiredAt: string; by: Actor };
}

/**
 * R-BAL-1: the holder cancelled the licence before it expired, giving a reason; the balance of
 * each item stays on record for a balance reissue (R-BAL-2), which quotes `cancelledLicenceNo`.
 */
export interface LicenceCancelled {
  type: 'LicenceCancelled';
  data: {
    /** The cancelled-licence number (餘額註銷證號): the licence keeps its own number. */
    cancelledLicenceNo: string;
    reason: string;
    balance: Array<{ itemNo: number; quantity: string; shipped: string; balance: string }>;
    cancelledAt: string;
    by: Actor;
  };
}

/** R-BAL-1: the balance of the cancelled licence is reissued by case `caseNo`; only once. */
export interface BalanceReissued {
  type: 'BalanceReissued';
  data: { caseNo: string; reissuedAt: string; by: Actor };
}

/**
 * R-CORR-1 / R-MISM-1: an approved correction replaced what the licence states. The licence keeps
 * its number, validity (R-LIC-2) and history; `version` counts its corrected versions (the issue
 * is version 1), and the earlier versions stay readable in the stream. Nothing had been released,
 * so every item's balance is its corrected quantity.
 */
export interface LicenceCorrected {
  type: 'LicenceCorrected';
  data: {
    caseNo: string;
    kind: 'CORRECTION' | 'MISMATCH_CORRECTION';
    version: number;
    description: string;
    destination: string;
    buyer: Party;
    consignee: Consignee;
    endUser: Party;
    partialShipments: boolean;
    items: GoodsItem[];
    correctedAt: string;
    /** The reviewer whose approval corrected it. */
    by: Actor;
  };
}

/**
 * R-EXEMPT-4: the holder closed out (銷案) an exhibition licence: the goods came back (the
 * re-import declaration) or were sold at the show (the importer's certificate or end-use
 * assurance); `late` when closed out after `closeOutBy`, in Taipei. The file is stored by its
 * sha256; the event carries its metadata only.
 */
export interface LicenceClosedOut {
  type: 'LicenceClosedOut';
  data: { outcome: CloseOutOutcome; note: string; document: CloseOutDocument; closedOutAt: string; late: boolean; by: Actor };
}

export type LicenceEvent =
  | LicenceIssued
  | DeclarationCompared
  | GoodsReleased
  | LicenceExhausted
  | LicenceExpired
  | LicenceCancelled
  | BalanceReissued
  | LicenceCorrected
  | LicenceClosedOut;
