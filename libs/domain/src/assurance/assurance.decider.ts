import type { Actor } from '../shared/actor';
import { assertNever, type Decider, type Decision } from '../shared/decider';
import { refuse } from '../shared/refusal';
import type { FreeText } from '../values';
import type { AssuranceContent } from './assurance';
import type { AssuranceEvent } from './assurance.events';

export type AssuranceCommand =
  | ({
      type: 'RegisterAssurance';
      assuranceNo: string;
      applicantId: string;
      agentId: string | null;
      filedBy: Actor;
      at: string;
    } & AssuranceContent)
  | { type: 'UnlockAssurance'; reason: FreeText; unlockedBy: Actor; at: string }
  | ({ type: 'EditAssurance'; by: Actor; at: string } & AssuranceContent);

/** What an application filed from the assurance is checked against (R-IRNK-3). */
export interface AssuranceSnapshot extends AssuranceContent {
  assuranceNo: string;
  applicantId: string;
  agentId: string | null;
  locked: boolean;
  registeredAt: string;
}

export type AssuranceState = { status: 'NONE' } | ({ status: 'REGISTERED' } & AssuranceSnapshot);

export const initialAssuranceState: AssuranceState = { status: 'NONE' };

export function decideAssurance(command: AssuranceCommand, state: AssuranceState): Decision<AssuranceEvent> {
  if (command.type === 'RegisterAssurance') {
    if (state.status !== 'NONE') return refuse('R-IRNK-1', `Assurance ${command.assuranceNo} exists already`, 'CONFLICT');
    const { type: _, at, ...data } = command;
    return [{ type: 'AssuranceRegistered', data: { ...data, registeredAt: at } }];
  }
  if (state.status === 'NONE') return refuse('R-IRNK-1', 'No such assurance', 'NOT_FOUND');
  switch (command.type) {
    case 'UnlockAssurance':
      if (!state.locked) return [];
      return [{ type: 'AssuranceUnlocked', data: { reason: command.reason, unlockedBy: command.unlockedBy, unlockedAt: command.at } }];
    case 'EditAssurance': {
      if (state.locked) {
        return refuse('R-IRNK-1', 'A registered assurance is locked: call BOFT to have a reviewer unlock it before changing it', 'CONFLICT');
      }
      const { type: _, at, by, ...content } = command;
      return [{ type: 'AssuranceEdited', data: { ...content, editedAt: at, by } }];
    }
    default:
      return assertNever(command, 'assurance command');
  }
}

export function evolveAssurance(state: AssuranceState, event: AssuranceEvent): AssuranceState {
  switch (event.type) {
    case 'AssuranceRegistered': {
      const { filedBy: _, ...data } = event.data;
      return { status: 'REGISTERED', ...data, locked: true };
    }
    case 'AssuranceUnlocked':
      return state.status === 'REGISTERED' ? { ...state, locked: false } : state;
    case 'AssuranceEdited': {
      if (state.status !== 'REGISTERED') return state;
      const { editedAt: _, by: __, ...content } = event.data;
      return { ...state, ...content, locked: true };
    }
    default:
      return assertNever(event, 'assurance event');
  }
}

export const assuranceDecider: Decider<AssuranceCommand, AssuranceEvent, AssuranceState> = {
  initialState: initialAssuranceState,
  decide: decideAssurance,
  evolve: evolveAssurance,
};
