import type { Decision } from '../../shared/decider';
import { refuse } from '../../shared/refusal';
import type { ApproveCase } from '../case.commands';
import type { CaseEvent } from '../case.events';
import type { FiledCase } from '../case.state';
import { licenceValidity } from './licence-validity';

/**
 * R-REV-3: approved in second review by a reviewer other than the initial one (the table checks
 * who, and R-IRNK-5 / R-REV-7 consultation), issuing the licence with its validity (R-LIC-1).
 * A correction issues no new licence: its approval names the licence it corrects, whose
 * validity stays as it was (R-CORR-1, R-LIC-2: no extension, ever).
 */
export function decideApproveCase(command: ApproveCase, state: FiledCase): Decision<CaseEvent> {
  const approved = { note: command.note ?? '', approvedAt: command.at, by: command.by };
  if ('corrected' in command.licence) {
    const { corrected } = command.licence;
    if (!state.corrects || corrected.licenceNo !== state.corrects.licenceNo) {
      return refuse('R-CORR-1', `Case ${state.caseNo} does not correct licence ${corrected.licenceNo}`, 'CONFLICT');
    }
    return [{ type: 'CaseApproved', data: { ...approved, licence: corrected } }];
  }
  if (state.corrects) return refuse('R-CORR-1', `Case ${state.caseNo} corrects licence ${state.corrects.licenceNo}: its approval issues no new licence`, 'CONFLICT');
  const { months, reason, validUntil } = licenceValidity(command.licence);
  const { licenceNo, issuedOn } = command.licence;
  return [{ type: 'CaseApproved', data: { ...approved, licence: { licenceNo, issuedOn, validUntil, validityMonths: months, validityReason: reason } } }];
}
