import { refuse, refuseAll, type FieldIssue, type Refusal } from '../../shared/refusal';
import { accepted, checkFreeText, issue, readText, refused, type Checked, type FreeText } from '../../values';
import type { LicenceStatus } from '../../licence/licence-status';
import type { IssuedLicence } from '../../licence/licence.state';
import type { Application, CaseKind, Consignee, GoodsItem, Party, Route } from '../application';
import { sameData } from '../../shared/same-data';

export type CorrectionKind = Extract<CaseKind, 'CORRECTION' | 'MISMATCH_CORRECTION'>;

/** What a licence states that a correction may change: the parties, destination, shipments and goods. */
export interface LicensedTerms {
  destination: string;
  buyer: Party;
  consignee: Consignee;
  endUser: Party;
  partialShipments: boolean;
  items: GoodsItem[];
}

/** What a licence states now (its last corrected version): its goods without what was shipped of them. */
export function licensedTermsOf(licence: IssuedLicence): LicensedTerms {
  const { destination, buyer, consignee, endUser, partialShipments, items } = licence;
  return { destination, buyer, consignee, endUser, partialShipments, items: items.map(({ shipped: _shipped, balance: _balance, ...item }) => item) };
}

/**
 * The licence a CORRECTION or MISMATCH_CORRECTION quotes by its number, as the handler read it:
 * its status, holder, version, terms, how many releases it has, and the last comparison of each
 * declaration that quotes it. `status: 'NONE'` when no licence has that number.
 */
export interface LicenceToCorrect {
  licenceNo: string;
  status: LicenceStatus | 'NONE';
  holderId: string | null;
  route: Route | null;
  version: number;
  terms: LicensedTerms | null;
  releases: number;
  comparisons: Array<{ declarationNo: string; result: 'MATCH' | 'MISMATCH'; coProcessingCode: string | null }>;
}

/** What the applicant states about the correction (api.md: licenceNo, declarationNo, coProcessingCode, description). */
export interface CorrectionRequest {
  licenceNo: string;
  /** R-CORR-1: the reason, described; R-MISM-1: the description of the mismatch. */
  description: FreeText;
  /** MISMATCH_CORRECTION only (R-MISM-1); null otherwise. */
  declarationNo: string | null;
  coProcessingCode: string | null;
}

/**
 * What a correction case starts from, recorded when it is filed: the request, the licence version
 * it corrects (a correction approved in between makes it stale), and what the licence stated then,
 * which R-CORR-2 compares the corrected data with.
 */
export interface LicenceCorrection extends CorrectionRequest {
  version: number;
  licensed: LicensedTerms;
}

const RULE: Record<CorrectionKind, string> = { CORRECTION: 'R-CORR-1', MISMATCH_CORRECTION: 'R-MISM-1' };
const NUMBER = /^[A-Za-z0-9/-]{1,40}$/;

export const isCorrectionKind = (kind: unknown): kind is CorrectionKind => kind === 'CORRECTION' || kind === 'MISMATCH_CORRECTION';

/**
 * R-CORR-1 / R-MISM-1: the fields of the request, each named with its rule when missing or wrong.
 * A mismatch correction also quotes the declaration and the co-processing code customs gave.
 */
export function checkCorrectionRequest(body: Record<string, unknown>, kind: CorrectionKind): Checked<CorrectionRequest> {
  const rule = RULE[kind];
  const issues: FieldIssue[] = [];
  const number = (field: string, label: string): string | null => {
    const value = readText(body[field]);
    if (!value) issues.push(issue(field, rule, `${label} is required for a ${kind}`));
    else if (!NUMBER.test(value)) issues.push(issue(field, rule, `${label} has letters, digits, / and - only (at most 40)`));
    return value ?? null;
  };
  const licenceNo = number('licenceNo', 'The licence number');
  const declarationNo = kind === 'MISMATCH_CORRECTION' ? number('declarationNo', 'The declaration number') : null;
  const coProcessingCode = kind === 'MISMATCH_CORRECTION' ? number('coProcessingCode', 'The co-processing code (會辦識別碼)') : null;
  const label = kind === 'CORRECTION' ? 'The reason for the correction' : 'The description of the mismatch';
  const description = checkFreeText(body.description, 'description', { rule, label, maxLength: 2000 });
  if (!description.ok) issues.push(...description.issues);
  if (issues.length > 0 || !description.ok) return refused(issues);
  return accepted({ licenceNo: licenceNo!, description: description.value as FreeText, declarationNo, coProcessingCode });
}

/**
 * R-CORR-1, R-MISM-1, R-BAL-3: a licence is corrected by its holder (or the agent it authorises)
 * while it is valid and none of its goods was released; after a release the answer points to
 * cancelling it and reissuing the balance. A mismatch correction quotes a declaration compared
 * with this licence whose last result is a mismatch, with the co-processing code customs gave.
 * Another's licence answers as if it did not exist.
 */
export function refusedLicenceToCorrect(licence: LicenceToCorrect, request: CorrectionRequest, kind: CorrectionKind, applicantId: string): Refusal | null {
  const rule = RULE[kind];
  const { licenceNo } = licence;
  if (licence.status === 'NONE' || licence.holderId !== applicantId) return refuse(rule, `No licence ${licenceNo} of yours`, 'NOT_FOUND', 'licenceNo');
  if (licence.status !== 'VALID') {
    return refuse(rule, `Licence ${licenceNo} is ${licence.status}: only a valid licence is corrected`, 'RULE', 'licenceNo').with({ licenceStatus: licence.status });
  }
  if (licence.releases > 0) return releasedAlready(licenceNo, licence.releases, kind);
  if (kind === 'MISMATCH_CORRECTION') {
    const comparison = licence.comparisons.find((c) => c.declarationNo === request.declarationNo);
    if (!comparison) return refuse(rule, `Declaration ${request.declarationNo} was not compared with licence ${licenceNo}`, 'RULE', 'declarationNo');
    if (comparison.result !== 'MISMATCH') return refuse(rule, `Declaration ${request.declarationNo} matched licence ${licenceNo}: there is no mismatch to correct`, 'RULE', 'declarationNo');
    if (comparison.coProcessingCode !== request.coProcessingCode?.toUpperCase()) {
      return refuse(rule, `The co-processing code is not the one customs gave for declaration ${request.declarationNo}`, 'RULE', 'coProcessingCode');
    }
  }
  return null;
}

/** R-BAL-3 (FAQ 3.9): a licence with a release is not corrected: the way on is cancel and reissue the balance. */
export function releasedAlready(licenceNo: string, releases: number, kind: CorrectionKind): Refusal {
  const rule = kind === 'CORRECTION' ? 'R-BAL-3' : 'R-MISM-1';
  return refuse(
    rule,
    `Goods of licence ${licenceNo} were released already (${releases} release${releases === 1 ? '' : 's'}): it cannot be corrected. ` +
      `Cancel it (POST /licences/${licenceNo}/cancel) and file a BALANCE_REISSUE quoting it as cancelledLicenceNo (R-BAL-3)`,
    'RULE',
    'licenceNo',
  ).with({ releases, instead: [`POST /licences/${licenceNo}/cancel`, 'POST /applications {"kind":"BALANCE_REISSUE","cancelledLicenceNo":…}'] });
}

/**
 * The whole filing: the licence as above, the route of the licence, and for a CORRECTION at least
 * one change to what the licence states (a correction that changes nothing is not one).
 */
export function refusedCorrection(application: Application, correction: { request: CorrectionRequest; licence: LicenceToCorrect } | null | undefined): Refusal | null {
  const kind = application.kind as CorrectionKind;
  const rule = RULE[kind];
  if (!correction) return refuse(rule, `A ${kind} quotes the licence it corrects`, 'INVALID', 'licenceNo');
  const { request, licence } = correction;
  const refused = refusedLicenceToCorrect(licence, request, kind, application.applicantId);
  if (refused) return refused;
  if (application.route !== licence.route) {
    return refuse(rule, `A correction keeps the route of licence ${licence.licenceNo} (${licence.route})`, 'RULE', 'route');
  }
  if (kind === 'CORRECTION' && changedTerms(application, licence.terms!).length === 0) {
    return refuse(rule, `The application states what licence ${licence.licenceNo} states: a correction changes something`, 'RULE');
  }
  return null;
}

/** What a filed correction records of where it starts. */
export function correctionOf(correction: { request: CorrectionRequest; licence: LicenceToCorrect }): LicenceCorrection {
  const { request, licence } = correction;
  return { ...request, coProcessingCode: request.coProcessingCode?.toUpperCase() ?? null, version: licence.version, licensed: licence.terms! };
}

/** The licence's fields the application states differently, in the licence's order. */
export function changedTerms(application: Application, licensed: LicensedTerms): Array<keyof LicensedTerms> {
  return (['destination', 'buyer', 'consignee', 'endUser', 'partialShipments', 'items'] as const).filter((field) => !sameData(application[field], licensed[field]));
}

/** What the end-use assurance states of each goods line: the goods, their classification and quantity. */
const ASSURED_ITEM_FIELDS = ['itemNo', 'goodsName', 'brand', 'model', 'spec', 'cccCode', 'eccn', 'quantity', 'unit'] as const;

/**
 * R-CORR-2: whether the corrected data changes what the assurance states (destination, parties,
 * and the goods with their quantities); amounts, currency and shipment terms do not.
 */
export function touchesAssurance(application: Application, licensed: LicensedTerms): boolean {
  if (application.destination !== licensed.destination) return true;
  if ((['buyer', 'consignee', 'endUser'] as const).some((party) => !sameData(application[party], licensed[party]))) return true;
  if (application.items.length !== licensed.items.length) return true;
  return application.items.some((item, i) => ASSURED_ITEM_FIELDS.some((field) => !sameData(item[field], licensed.items[i][field])));
}
