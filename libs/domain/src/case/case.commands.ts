import type { AssuranceSnapshot } from '../assurance/assurance.decider';
import type { Actor } from '../shared/actor';
import type { FieldIssue } from '../shared/refusal';
import type { FreeText } from '../values';
import type { Application } from './application';
import type { Attachment } from './attachment-types';

/** Commands on a case: each names who asks (`by`) and when (`at`), and is decided in its own file. */

export interface FileApplication {
  type: 'FileApplication';
  caseNo: string;
  application: Application;
  /** What the field checks flagged without refusing. */
  warnings: FieldIssue[];
  /** The agent that files for the applicant, or null when the applicant files itself (R-ACC-4). */
  agentId: string | null;
  /** The Iran/North Korea assurance the application is filed from (R-IRNK-3), as the handler read it. */
  assurance: AssuranceSnapshot | null;
  /** Exempt route: the end use is given at filing, which submits the case (R-EXEMPT-2). */
  endUse: string | null;
  by: Actor;
  at: string;
}

export interface EditApplication {
  type: 'EditApplication';
  application: Application;
  warnings: FieldIssue[];
  assurance: AssuranceSnapshot | null;
  by: Actor;
  at: string;
}

/** The attachment as uploaded: the decider adds the data version it is for. */
export type NewAttachment = Omit<Attachment, 'dataVersion' | 'addedAt'>;

export interface AddAttachment {
  type: 'AddAttachment';
  attachment: NewAttachment;
  by: Actor;
  at: string;
}

export interface RemoveAttachment {
  type: 'RemoveAttachment';
  attachmentId: string;
  by: Actor;
  at: string;
}

export interface SubmitApplication {
  type: 'SubmitApplication';
  endUse: string;
  by: Actor;
  at: string;
}

/** The applicant withdraws its case before submission (R-NEW-5). */
export interface CancelApplication {
  type: 'CancelApplication';
  reason: FreeText;
  by: Actor;
  at: string;
}

export type CaseCommand = FileApplication | EditApplication | AddAttachment | RemoveAttachment | SubmitApplication | CancelApplication;

export type CaseCommandType = CaseCommand['type'];
