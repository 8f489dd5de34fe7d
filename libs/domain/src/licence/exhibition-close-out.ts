import { refuse, type Refusal } from '../shared/refusal';
import { taipeiDateOf } from '../shared/taipei-date';
import type { Exemption, Route } from '../case/application';
import type { IssuedLicence } from './licence.state';

/**
 * R-EXEMPT-4: an exhibition licence is closed out (銷案) within its approved period with proof
 * that the goods came back (REIMPORTED: the re-import declaration), or, for goods sold at the
 * show, with the importing side's import certificate, end-use certificate or assurance declaring
 * the use and the end user (SOLD_AT_SHOW).
 */
export const CLOSE_OUT_OUTCOMES = ['REIMPORTED', 'SOLD_AT_SHOW'] as const;
export type CloseOutOutcome = (typeof CLOSE_OUT_OUTCOMES)[number];

export function isCloseOutOutcome(value: unknown): value is CloseOutOutcome {
  return (CLOSE_OUT_OUTCOMES as readonly unknown[]).includes(value);
}

/**
 * What the close-out's note must say (R-EXEMPT-4), named in the "required" message. A note is
 * required for both outcomes: for goods sold, the rule itself asks that the use and end user be
 * declared, and the note puts them where a reviewer reads them without opening the file; for
 * goods brought back, the re-import declaration's number ties the uploaded proof to customs'
 * record of it.
 */
export const CLOSE_OUT_NOTE_LABEL: Record<CloseOutOutcome, string> = {
  REIMPORTED: 'Note (the number of the re-import declaration)',
  SOLD_AT_SHOW: 'Note (the use and the end user of the goods sold)',
};

/** The uploaded proof of a close-out, as its event records it: the file is stored under its sha256. */
export interface CloseOutDocument {
  fileName: string;
  size: number;
  sha256: string;
  mediaType: string;
}

/** The close-out deadline of a licence issued from a case: the exhibition's `returnBy`; null for any other licence. */
export function closeOutByOf(route: Route, exemption: Exemption | null): string | null {
  return route === 'EXEMPT' && exemption?.reason === 'EXHIBITION' ? exemption.returnBy : null;
}

/**
 * The day by which a close-out is owed, or null when none is: an exhibition licence owes one
 * once goods were released under it (nothing released, nothing went abroad to come back), until
 * it is closed out.
 */
export function closeOutOwedBy(licence: Pick<IssuedLicence, 'closeOutBy' | 'releases' | 'closedOut'>): string | null {
  return licence.closeOutBy && licence.releases.length > 0 && !licence.closedOut ? licence.closeOutBy : null;
}

/** Whether the close-out is overdue at `at`: owed, and the Taipei date is after `closeOutBy` (its last day). */
export function isCloseOutOverdue(licence: Pick<IssuedLicence, 'closeOutBy' | 'releases' | 'closedOut'>, at: string): boolean {
  const owedBy = closeOutOwedBy(licence);
  return owedBy !== null && taipeiDateOf(at) > owedBy;
}

/**
 * Why a close-out is closed on this licence although its status is open (the transition
 * table's `closedWhen`): it is not an exhibition licence; it was closed out already (409, naming
 * when and how); or nothing was released under it, so no goods went abroad to come back.
 */
export function closeOutRefusal(state: IssuedLicence): Refusal | null {
  if (!state.closeOutBy) {
    return refuse('R-EXEMPT-4', `Licence ${state.licenceNo} is not an exhibition licence: only a licence issued for exhibition goods (exemption reason EXHIBITION) is closed out`);
  }
  if (state.closedOut) {
    const { outcome, closedOutAt } = state.closedOut;
    return refuse('R-EXEMPT-4', `Licence ${state.licenceNo} was closed out already (${outcome}, at ${closedOutAt})`, 'CONFLICT').with({ closedOut: { outcome, closedOutAt } });
  }
  if (state.releases.length === 0) {
    return refuse('R-EXEMPT-4', `Nothing was released under licence ${state.licenceNo}: no goods went abroad, so none come back, and there is nothing to close out`);
  }
  return null;
}

/**
 * R-EXEMPT-4: the close-out accounts for the goods the exhibition licence exported, so nothing
 * more is released under it after that: goods shipped later would owe a close-out that can no
 * longer be recorded. (Another show is another application.)
 */
export function releaseAfterCloseOut(state: IssuedLicence): Refusal | null {
  return state.closedOut
    ? refuse('R-EXEMPT-4', `Licence ${state.licenceNo} was closed out at ${state.closedOut.closedOutAt}: its exhibition goods are accounted for, and nothing more is released under it`)
    : null;
}
