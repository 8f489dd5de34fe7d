import type { Decision } from '../../shared/decider';
import { refuse } from '../../shared/refusal';
import type { RemoveAttachment } from '../case.commands';
import type { CaseEvent } from '../case.events';
import type { FiledCase } from '../case.state';

export function decideRemoveAttachment(command: RemoveAttachment, state: FiledCase): Decision<CaseEvent> {
  if (!state.attachments.some((a) => a.attachmentId === command.attachmentId)) {
    return refuse('R-REV-5', 'No such attachment on this case', 'NOT_FOUND', 'attachmentId');
  }
  return [{ type: 'AttachmentRemoved', data: { attachmentId: command.attachmentId, removedAt: command.at, by: command.by } }];
}
