import type { Decision } from '../../shared/decider';
import { refuse } from '../../shared/refusal';
import type { AddNote, DisposeScreeningHit, Screening, ScreenParties } from '../case.commands';
import type { CaseEvent } from '../case.events';
import type { FiledCase } from '../case.state';
import type { Actor } from '../../shared/actor';

/** An internal note: reviewers and auditors read it, the applicant's side never does. */
export function decideAddNote(command: AddNote, state: FiledCase): Decision<CaseEvent> {
  if (state.notes.some((note) => note.noteId === command.noteId)) return [];
  return [{ type: 'CaseNoteAdded', data: { noteId: command.noteId, text: command.text, addedAt: command.at, by: command.by } }];
}

/**
 * R-REV-7: the screening's new hits, and the lists screened against. Screening again against
 * the same lists with no new hit records nothing.
 */
export function screened(screening: Screening, state: FiledCase | null, by: Actor, at: string): CaseEvent[] {
  const known = new Set(state?.screeningHits.map((hit) => hit.hitId) ?? []);
  const hits = screening.hits.filter((hit) => !known.has(hit.hitId));
  const sameLists = state !== null && sameMembers(state.screenedAgainst, screening.lists);
  if (hits.length === 0 && sameLists) return [];
  return [{ type: 'PartiesScreened', data: { lists: screening.lists, hits, screenedAt: at, by } }];
}

export function decideScreenParties(command: ScreenParties, state: FiledCase): Decision<CaseEvent> {
  return screened(command.screening, state, command.by, command.at);
}

/** R-REV-7: a reviewer records a hit as a true or a false match, with the reason. */
export function decideDisposeScreeningHit(command: DisposeScreeningHit, state: FiledCase): Decision<CaseEvent> {
  const hit = state.screeningHits.find((candidate) => candidate.hitId === command.hitId);
  if (!hit) return refuse('R-REV-7', `The case has no screening hit ${command.hitId}`, 'NOT_FOUND', 'hitId');
  if (hit.disposition === command.disposition && hit.reason === command.reason) return [];
  return [
    {
      type: 'ScreeningHitDisposed',
      data: { hitId: command.hitId, disposition: command.disposition, reason: command.reason, disposedAt: command.at, by: command.by },
    },
  ];
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((member) => b.includes(member));
}
