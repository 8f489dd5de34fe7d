import type { Actor } from '../shared/actor';
import type { FreeText } from '../values';
import type { CorrectLicence } from './correct-licence';
import type { IssueLicence } from './issue-licence';
import type { CloseOutLicence } from './close-out-licence';

/** One line of customs' export declaration, as customs sends it. */
export interface DeclarationItem {
  itemNo: number;
  cccCode: string;
  quantity: string;
  unit: string;
  amount: string;
  currency: string;
}

/** R-CUS-1: customs sends a declaration that quotes the licence, to be compared with it. */
export interface CompareDeclaration {
  type: 'CompareDeclaration';
  declarationNo: string;
  exporterId: string;
  destination: string;
  consigneeName: string;
  items: DeclarationItem[];
  by: Actor;
  at: string;
}

/** R-CUS-2: customs released goods of a declaration: a shipment against the licence's balance. */
export interface RecordRelease {
  type: 'RecordRelease';
  declarationNo: string;
  /** When customs released the goods: an ISO 8601 instant with its offset. */
  releasedAt: string;
  items: Array<{ itemNo: number; quantity: string }>;
  by: Actor;
  at: string;
}

/** The scheduler ends a licence whose validity has passed (R-LIC-1). */
export interface ExpireLicence {
  type: 'ExpireLicence';
  by: Actor;
  at: string;
}

/** R-BAL-1: the holder cancels the licence before it expires, giving a reason. */
export interface CancelLicence {
  type: 'CancelLicence';
  reason: FreeText;
  by: Actor;
  at: string;
}

/** R-BAL-1: a balance reissue case (`caseNo`) quotes the cancelled licence; its holder's side files it. */
export interface ReissueBalance {
  type: 'ReissueBalance';
  caseNo: string;
  by: Actor;
  at: string;
}

/** Every command a licence takes. There is no extension: a licence is never extended (R-LIC-2). */
export type LicenceCommand = IssueLicence | CompareDeclaration | RecordRelease | ExpireLicence | CancelLicence | ReissueBalance | CorrectLicence | CloseOutLicence;
export type LicenceCommandType = LicenceCommand['type'];

/** The actor of the scheduler that writes expiries (a process, not an account). */
export const LICENCE_SCHEDULER: Actor = { accountId: 'scheduler', role: 'SCHEDULER', businessId: 'SCHEDULER' };
