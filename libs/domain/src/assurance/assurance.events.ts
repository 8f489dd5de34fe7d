import type { Actor } from '../shared/actor';
import type { AssuranceContent } from './assurance';

/** Events of an `assurance-<assuranceNo>` stream; each a storage format (assurance.codec.ts). */
export interface AssuranceRegistered {
  type: 'AssuranceRegistered';
  data: AssuranceContent & {
    assuranceNo: string;
    applicantId: string;
    agentId: string | null;
    filedBy: Actor;
    registeredAt: string;
  };
}

/** R-IRNK-1: after the applicant calls, a reviewer opens the assurance for one change. */
export interface AssuranceUnlocked {
  type: 'AssuranceUnlocked';
  data: { reason: string; unlockedBy: Actor; unlockedAt: string };
}

export interface AssuranceEdited {
  type: 'AssuranceEdited';
  data: AssuranceContent & { editedAt: string; by: Actor };
}

export type AssuranceEvent = AssuranceRegistered | AssuranceUnlocked | AssuranceEdited;
