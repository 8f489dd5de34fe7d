import type { Decision } from '../../shared/decider';
import { refuseAll } from '../../shared/refusal';
import type { SubmitApplication } from '../case.commands';
import type { CaseEvent } from '../case.events';
import { missingAttachments, type CasePolicy } from '../case.rules';
import type { FiledCase } from '../case.state';
import { screened } from '../review/notes-and-screening';

/** R-NEW-3, R-NEW-4, R-IRNK-4: submission with the documents the case needs puts it in the initial review queue (R-REV-1), its parties screened (R-REV-7). */
export function decideSubmitApplication(command: SubmitApplication, state: FiledCase, policy: CasePolicy): Decision<CaseEvent> {
  const missing = missingAttachments(state.application, state.attachments, state.dataVersion, policy, state.corrects);
  if (missing.length > 0) {
    return refuseAll(missing, 'RULE', `Attach before submitting: ${missing.map((m) => m.field.replace('attachments.', '')).join(', ')}`);
  }
  return [
    { type: 'ApplicationSubmitted', data: { endUse: command.endUse, submittedAt: command.at, by: command.by } },
    // R-REV-7: the parties are screened at submission, against the lists loaded now.
    ...(command.screening ? screened(command.screening, state, command.by, command.at) : []),
  ];
}
