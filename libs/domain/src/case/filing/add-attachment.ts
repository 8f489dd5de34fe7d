import type { Decision } from '../../shared/decider';
import type { AddAttachment } from '../case.commands';
import type { CaseEvent } from '../case.events';
import type { FiledCase } from '../case.state';

/** R-NEW-4, R-EXEMPT-3, R-IRNK-4, R-REV-5: an upload is recorded for the data version it was made for. */
export function decideAddAttachment(command: AddAttachment, state: FiledCase): Decision<CaseEvent> {
  return [{ type: 'AttachmentAdded', data: { ...command.attachment, dataVersion: state.dataVersion, addedAt: command.at, by: command.by } }];
}
