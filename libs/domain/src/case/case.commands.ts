import type { Actor } from './actor';
import type { Application } from './application';
import type { Attachment } from './attachment-types';
import type { AssuranceSnapshot } from '../assurance/assurance.decider';
import type { FieldIssue } from '../shared/refusal';

export type CaseCommand =
  | {
      type: 'FileApplication';
      caseNo: string;
      application: Application;
      /** What the field checks flagged without refusing. */
      warnings: FieldIssue[];
      filedBy: Actor;
      agentId: string | null;
      /** The Iran/North Korea assurance the application is filed from (R-IRNK-3), as the handler read it. */
      assurance: AssuranceSnapshot | null;
      /** Exempt route: the end use is given at filing, which submits the case (R-EXEMPT-2). */
      endUse: string | null;
      at: string;
    }
  | { type: 'EditApplication'; application: Application; warnings: FieldIssue[]; assurance: AssuranceSnapshot | null; at: string }
  | { type: 'AddAttachment'; attachment: Omit<Attachment, 'dataVersion' | 'addedAt'>; at: string }
  | { type: 'RemoveAttachment'; attachmentId: string; at: string }
  | { type: 'SubmitApplication'; endUse: string; at: string }
  | { type: 'CancelCase'; reason: string; by: 'APPLICANT' | 'REVIEWER'; at: string };
