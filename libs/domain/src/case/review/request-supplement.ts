import type { Decision } from '../../shared/decider';
import { refuse } from '../../shared/refusal';
import type { RequestSupplement } from '../case.commands';
import type { CaseEvent } from '../case.events';
import type { FiledCase } from '../case.state';
import type { ReviewStage } from './review';

/** R-REV-2, R-REV-4: the reviewer asks for documents by a date; the clock stops until they come back. */
export function decideRequestSupplement(command: RequestSupplement, state: FiledCase): Decision<CaseEvent> {
  if (command.documents.length === 0) return refuse('R-REV-5', 'Name at least one document type to ask for', 'INVALID', 'documents');
  if (command.replyBy <= command.at.slice(0, 10)) return refuse('R-REV-5', 'The reply deadline must be a later day', 'INVALID', 'replyBy');
  const documents = [...new Set(command.documents)];
  return [
    {
      type: 'SupplementRequested',
      data: { documents, message: command.message, replyBy: command.replyBy, requestedAt: command.at, resumeTo: state.status as ReviewStage, by: command.by },
    },
  ];
}
