import type { Decision } from '../../shared/decider';
import { refuseAll } from '../../shared/refusal';
import type { ProvideSupplement } from '../case.commands';
import type { CaseEvent } from '../case.events';
import type { FiledCase } from '../case.state';
import type { AttachmentType } from '../attachment-types';

/** R-REV-5: the documents asked for that were not uploaded since the request (none when nothing was asked). */
export function supplementMissing(state: FiledCase): AttachmentType[] {
  const request = state.supplement;
  if (!request) return [];
  const uploaded = new Set(state.attachments.filter((a) => a.addedAt >= request.requestedAt).map((a) => a.type));
  return request.documents.filter((type) => !uploaded.has(type));
}

/** R-REV-5: with every document asked for uploaded since the request, the case returns to the stage it left. */
export function decideProvideSupplement(command: ProvideSupplement, state: FiledCase): Decision<CaseEvent> {
  const request = state.supplement!; // the table opens this only while the case awaits documents
  const missing = supplementMissing(state);
  if (missing.length > 0) {
    return refuseAll(
      missing.map((type) => ({ field: `attachments.${type}`, message: `Upload the ${type} asked for before sending the supplement back`, rule: 'R-REV-5' })),
      'RULE',
      `Upload what was asked for first: ${missing.join(', ')}`,
    );
  }
  return [{ type: 'SupplementProvided', data: { note: command.note ?? '', providedAt: command.at, resumeTo: request.resumeTo, by: command.by } }];
}
