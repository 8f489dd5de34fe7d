import type { Decision } from '../shared/decider';
import { refuse } from '../shared/refusal';
import type { FiledCase } from '../case/case.state';
import { closeOutByOf } from './exhibition-close-out';
import type { LicenceEvent } from './licence.events';
import type { LicenceState } from './licence.state';

/** Opens a licence stream from an approved case. */
export interface IssueLicence {
  type: 'IssueLicence';
  /** The case as approved: its CaseApproved recorded the licence number and validity. */
  approvedCase: FiledCase;
  at: string;
}

/**
 * R-LIC-1: the licence carries the goods, parties and validity of its approval; an exhibition
 * licence also its close-out deadline, the case's `returnBy` (R-EXEMPT-4). A licence
 * stream is opened once: issuing it again (a retry, or the reactor after a crash) records nothing.
 */
export function decideIssueLicence(command: IssueLicence, state: LicenceState): Decision<LicenceEvent> {
  const { approvedCase } = command;
  const licence = approvedCase.licence;
  if (approvedCase.status !== 'APPROVED' || !licence || !approvedCase.decision) {
    return refuse('R-LIC-1', `Case ${approvedCase.caseNo} is not approved: it issues no licence`, 'CONFLICT');
  }
  if (state.status !== 'NONE') return [];
  const { application } = approvedCase;
  return [
    {
      type: 'LicenceIssued',
      data: {
        licenceNo: licence.licenceNo,
        caseNo: approvedCase.caseNo,
        holderId: application.applicantId,
        agentId: approvedCase.agentId,
        destination: application.destination,
        buyer: application.buyer,
        consignee: application.consignee,
        endUser: application.endUser,
        partialShipments: application.partialShipments,
        items: application.items,
        issuedOn: licence.issuedOn,
        validUntil: licence.validUntil,
        validityMonths: licence.validityMonths,
        validityReason: licence.validityReason,
        issuedAt: approvedCase.decision.at,
        by: approvedCase.decision.by,
        closeOutBy: closeOutByOf(approvedCase.route, application.exemption),
      },
    },
  ];
}
