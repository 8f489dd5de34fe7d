import type { Decision } from '../../shared/decider';
import type { ApproveCase } from '../case.commands';
import type { CaseEvent } from '../case.events';
import { licenceValidity } from './licence-validity';

/**
 * R-REV-3: approved in second review by a reviewer other than the initial one (the table checks
 * who, and R-IRNK-5 / R-REV-7 consultation), issuing the licence with its validity (R-LIC-1).
 */
export function decideApproveCase(command: ApproveCase): Decision<CaseEvent> {
  const { months, reason, validUntil } = licenceValidity(command.licence);
  return [
    {
      type: 'CaseApproved',
      data: {
        note: command.note ?? '',
        approvedAt: command.at,
        by: command.by,
        licence: { licenceNo: command.licence.licenceNo, issuedOn: command.licence.issuedOn, validUntil, validityMonths: months, validityReason: reason },
      },
    },
  ];
}
