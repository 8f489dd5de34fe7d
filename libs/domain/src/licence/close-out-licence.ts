import type { Actor } from '../shared/actor';
import type { Decision } from '../shared/decider';
import { refuse } from '../shared/refusal';
import { taipeiDateOf } from '../shared/taipei-date';
import type { FreeText } from '../values';
import { CLOSE_OUT_NOTE_LABEL, CLOSE_OUT_OUTCOMES, isCloseOutOutcome, type CloseOutDocument, type CloseOutOutcome } from './exhibition-close-out';
import type { LicenceClosedOut, LicenceEvent } from './licence.events';
import type { IssuedLicence } from './licence.state';
import { refusedByLicenceStatus } from './transitions';

/**
 * R-EXEMPT-4: the holder (the exporter, or its authorised agent) closes out an exhibition
 * licence with its proof, uploaded first: the re-import declaration, or for goods sold at the
 * show the importing side's certificate or end-use assurance.
 */
export interface CloseOutLicence {
  type: 'CloseOutLicence';
  outcome: CloseOutOutcome;
  /** What the proof shows: see CLOSE_OUT_NOTE_LABEL. */
  note: FreeText;
  document: CloseOutDocument;
  by: Actor;
  at: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * R-EXEMPT-4: records the close-out once. Refused on a licence that is not an exhibition
 * licence, or under which nothing was released (422), and a second time (409); the same
 * close-out sent again (same outcome, note and file) records nothing, as customs' retries do.
 * A close-out after `closeOutBy` (a Taipei date) is still recorded, as late: the goods must be
 * accounted for whenever they come back, and the lateness stays on record.
 */
export function decideCloseOutLicence(command: CloseOutLicence, state: IssuedLicence): Decision<LicenceEvent> {
  const { outcome, note, document } = command;
  if (!isCloseOutOutcome(outcome)) return refuse('R-EXEMPT-4', `outcome must be one of ${CLOSE_OUT_OUTCOMES.join(', ')}`, 'INVALID', 'outcome');
  if (typeof note !== 'string' || !note.trim()) return refuse('R-EXEMPT-4', `${CLOSE_OUT_NOTE_LABEL[outcome]} is required`, 'INVALID', 'note');
  if (!document || !SHA256.test(document.sha256) || !(document.size > 0)) return refuse('R-EXEMPT-4', 'Upload the proof of the close-out', 'INVALID', 'file');
  if (state.closedOut && sameCloseOut(state.closedOut, command)) return [];
  const closed = refusedByLicenceStatus('CloseOutLicence', state, command.by, command.at);
  if (closed) return closed;
  const late = taipeiDateOf(command.at) > state.closeOutBy!; // the table let only an exhibition licence through
  return [{ type: 'LicenceClosedOut', data: { outcome, note, document, closedOutAt: command.at, late, by: command.by } }];
}

/** A retry: the same outcome, note and file (by content) as the close-out recorded. */
function sameCloseOut(recorded: LicenceClosedOut['data'], command: CloseOutLicence): boolean {
  return recorded.outcome === command.outcome && recorded.note === command.note && recorded.document.sha256 === command.document.sha256;
}
