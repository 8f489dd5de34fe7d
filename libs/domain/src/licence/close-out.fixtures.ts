import type { FreeText } from '../values';
import type { CloseOutLicence } from './close-out-licence';
import type { LicenceClosedOut, LicenceEvent, LicenceIssued } from './licence.events';
import { holder, inValidity, issued, released } from './licence.fixtures';

/** Builders for close-out specs (R-EXEMPT-4): the licence of licence.fixtures, issued for an exhibition whose goods come back by 2027-03-01. */
export const returnBy = '2027-03-01';
/** The last instant of the close-out's last day in Taipei (23:59:59.999 on 2027-03-01, UTC+8). */
export const lastCloseOutInstant = '2027-03-01T15:59:59.999Z';
/** The first instant after it: 2027-03-02 00:00 in Taipei. */
export const firstLateInstant = '2027-03-01T16:00:00.000Z';

export const exhibitionIssued = (overrides: Partial<LicenceIssued['data']> = {}): LicenceIssued => issued({ closeOutBy: returnBy, ...overrides });
/** All of item 1 released to the show (item 2 stays: the licence is still VALID). */
export const shippedToShow = (): LicenceEvent => released([{ itemNo: 1, quantity: '100.5', balance: '0' }], 'EX/16/001/00001');

export const reimportDeclaration = { fileName: 're-import-declaration.pdf', size: 48_213, sha256: 'a'.repeat(64), mediaType: 'application/pdf' };

export const closeOut = (overrides: Partial<CloseOutLicence> = {}): CloseOutLicence => ({
  type: 'CloseOutLicence',
  outcome: 'REIMPORTED',
  note: 'Re-import declaration BE/16/001/00077 of 2027-02-20' as FreeText,
  document: reimportDeclaration,
  by: holder,
  at: inValidity,
  ...overrides,
});

export const closedOut = (overrides: Partial<LicenceClosedOut['data']> = {}): LicenceClosedOut => ({
  type: 'LicenceClosedOut',
  data: {
    outcome: 'REIMPORTED',
    note: 'Re-import declaration BE/16/001/00077 of 2027-02-20',
    document: reimportDeclaration,
    closedOutAt: inValidity,
    late: false,
    by: holder,
    ...overrides,
  },
});
