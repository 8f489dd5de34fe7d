import type { Actor } from '../case/actor';
import type { AssuranceContent } from './assurance';

/** Events of an `assurance-<assuranceNo>` stream. */
export type AssuranceEvent =
  | {
      type: 'AssuranceRegistered';
      data: AssuranceContent & {
        assuranceNo: string;
        applicantId: string;
        agentId: string | null;
        filedBy: Actor;
        registeredAt: string;
      };
    }
  | { type: 'AssuranceUnlocked'; data: { reason: string; unlockedBy: Actor; unlockedAt: string } }
  | { type: 'AssuranceEdited'; data: AssuranceContent & { editedAt: string } };
