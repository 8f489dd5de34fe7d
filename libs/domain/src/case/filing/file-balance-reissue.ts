import { refuse, refuseAll, type FieldIssue, type Refusal } from '../../shared/refusal';
import { Decimal } from '../../values/decimal';
import type { LicenceStatus } from '../../licence/licence-status';
import type { LicenceItem } from '../../licence/licence.state';
import type { Application, Consignee, Party, Route } from '../application';
import { sameData } from '../../shared/same-data';

/**
 * The licence a BALANCE_REISSUE quotes by its cancelled-licence number, as the handler read it:
 * its status, holder, what it licensed with each item's balance, the route of the case that
 * issued it, and the case that reissued its balance already, if one has. `status: 'NONE'` when
 * no licence has that number.
 */
export interface CancelledLicence {
  licenceNo: string;
  status: LicenceStatus | 'NONE';
  holderId: string | null;
  route: Route | null;
  destination: string | null;
  buyer: Party | null;
  consignee: Consignee | null;
  endUser: Party | null;
  items: LicenceItem[];
  reissuedBy: string | null;
}

/**
 * R-BAL-1: the balance of a licence its holder cancelled is reissued by that holder (or the
 * agent it authorises, filing for it), quoting the cancelled-licence number, once. Another's
 * licence answers as if it did not exist.
 */
export function refusedCancelledLicence(licence: CancelledLicence | null | undefined, applicantId: string): Refusal | null {
  if (!licence) return refuse('R-BAL-1', 'A balance reissue quotes the cancelled-licence number', 'INVALID', 'cancelledLicenceNo');
  if (licence.status === 'NONE' || licence.holderId !== applicantId) {
    return refuse('R-BAL-1', `No licence ${licence.licenceNo} of yours`, 'NOT_FOUND', 'cancelledLicenceNo');
  }
  if (licence.status !== 'CANCELLED') {
    return refuse('R-BAL-1', `Licence ${licence.licenceNo} is ${licence.status}: only the balance of a licence its holder cancelled is reissued`, 'RULE', 'cancelledLicenceNo').with({
      licenceStatus: licence.status,
    });
  }
  if (licence.reissuedBy) {
    return refuse('R-BAL-1', `The balance of licence ${licence.licenceNo} was reissued already, by case ${licence.reissuedBy}`, 'CONFLICT', 'cancelledLicenceNo').with({
      reissuedBy: licence.reissuedBy,
    });
  }
  return null;
}

/** The fields that say which goods an item is: a reissued item is one of the licence's items. */
const GOODS_FIELDS = ['goodsName', 'brand', 'model', 'spec', 'cccCode', 'eccn', 'unit'] as const;

/**
 * R-BAL-1/R-BAL-2 for the whole filing: the licence as above; the route, destination and parties
 * of the licence; and goods of the licence only (each item one of its items, matched by what the
 * goods are, at most once: the reissue numbers its items 1, 2, 3 … afresh), each quantity not
 * above that item's balance.
 */
export function refusedReissue(application: Application, licence: CancelledLicence | null | undefined): Refusal | null {
  const refused = refusedCancelledLicence(licence, application.applicantId);
  if (refused) return refused;
  const { licenceNo } = licence!;
  const issues: FieldIssue[] = [];
  if (application.route !== licence!.route) issues.push({ field: 'route', message: `A balance reissue keeps the route of licence ${licenceNo} (${licence!.route})`, rule: 'R-BAL-1' });
  if (application.destination !== licence!.destination) issues.push({ field: 'destination', message: `must be ${licence!.destination}, as on licence ${licenceNo}`, rule: 'R-BAL-1' });
  for (const party of ['buyer', 'consignee', 'endUser'] as const) {
    if (!sameData(application[party], licence![party])) issues.push({ field: party, message: `must be as on licence ${licenceNo}`, rule: 'R-BAL-1' });
  }
  const used = new Set<number>();
  application.items.forEach((item, i) => {
    const onLicence = licence!.items.find((line) => !used.has(line.itemNo) && GOODS_FIELDS.every((field) => sameData(item[field], line[field])));
    if (!onLicence) {
      issues.push({ field: `items[${i}]`, message: `is not an item of licence ${licenceNo} (same goods, CCC code, export control number and unit)`, rule: 'R-BAL-2' });
      return;
    }
    used.add(onLicence.itemNo);
    if (Decimal.fromStored(item.quantity).compare(Decimal.fromStored(onLicence.balance)) > 0) {
      issues.push({ field: `items[${i}].quantity`, message: `${item.quantity} is more than the balance of item ${onLicence.itemNo} of licence ${licenceNo} (${onLicence.balance})`, rule: 'R-BAL-2' });
    }
  });
  return issues.length > 0 ? refuseAll(issues, 'RULE') : null;
}
