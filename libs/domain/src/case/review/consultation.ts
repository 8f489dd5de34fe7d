import type { Decision } from '../../shared/decider';
import { refuse } from '../../shared/refusal';
import type { RecordConsultationReply, ReferToConsultation } from '../case.commands';
import type { CaseEvent } from '../case.events';
import { openConsultation, type FiledCase } from '../case.state';
import type { ReviewStage } from './review';

/** R-REV-2: the case goes to one or more agencies, each with its own due date; its clock becomes 30 working days (R-REV-4). */
export function decideReferToConsultation(command: ReferToConsultation, state: FiledCase): Decision<CaseEvent> {
  if (command.agencies.length === 0) return refuse('R-REV-2', 'Name at least one agency', 'INVALID', 'agencies');
  const seen = new Set<string>();
  for (const [i, { agency, dueDate }] of command.agencies.entries()) {
    if (seen.has(agency)) return refuse('R-REV-2', `${agency} is named twice`, 'INVALID', `agencies[${i}].agency`);
    seen.add(agency);
    if (dueDate <= command.at.slice(0, 10)) return refuse('R-REV-2', 'An agency’s due date must be a later day', 'INVALID', `agencies[${i}].dueDate`);
  }
  return [
    {
      type: 'CaseReferredToConsultation',
      data: { agencies: command.agencies, note: command.note ?? '', referredAt: command.at, resumeTo: state.status as ReviewStage, by: command.by },
    },
  ];
}

/** An agency's opinion is kept; with the last one in, the case returns to the stage it left. */
export function decideRecordConsultationReply(command: RecordConsultationReply, state: FiledCase): Decision<CaseEvent> {
  const consultation = openConsultation(state)!; // the table opens this only in consultation
  if (!consultation.agencies.some((request) => request.agency === command.agency)) {
    return refuse('R-REV-2', `The case was not referred to ${command.agency}: ${consultation.agencies.map((a) => a.agency).join(', ')}`, 'RULE', 'agency');
  }
  if (consultation.replies.some((reply) => reply.agency === command.agency)) {
    return refuse('R-REV-2', `${command.agency} has replied already`, 'CONFLICT', 'agency');
  }
  const reply: CaseEvent = {
    type: 'ConsultationReplyRecorded',
    data: { agency: command.agency, opinion: command.opinion, note: command.note ?? '', repliedAt: command.at, by: command.by },
  };
  const last = consultation.replies.length + 1 === consultation.agencies.length;
  return last ? [reply, { type: 'ConsultationCompleted', data: { completedAt: command.at, resumeTo: consultation.resumeTo } }] : [reply];
}
