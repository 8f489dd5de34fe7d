import type { Decision } from '../../shared/decider';
import { assertNever } from '../../shared/decider';
import { Refusal, refuse, refuseAll } from '../../shared/refusal';
import type { FileApplication } from '../case.commands';
import type { CaseEvent, CaseOrigin } from '../case.events';
import { changesFromAssurance, type CasePolicy } from '../case.rules';
import { screened } from '../review/notes-and-screening';
import { refusedAmendment } from './file-amendment';
import { refusedReissue } from './file-balance-reissue';
import { correctionOf, refusedCorrection } from './file-correction';

/**
 * R-NEW-1 registers a standard case; R-EXEMPT-1/2 files and submits an exempt one; R-IRNK-3
 * registers an Iran/North Korea case from its assurance. Iran and North Korea take no other route (R-IRNK-1).
 * A case of another kind first passes the rules of what it starts from (R-AMEND-1), then those
 * of its route, as a NEW case does (R-BAL-1/2 for a balance reissue, R-CORR-1 and R-MISM-1 for
 * the corrections); it records what it started from.
 */
export function decideFileApplication(command: FileApplication, policy: CasePolicy): Decision<CaseEvent> {
  const origin = originOf(command);
  if (origin instanceof Refusal) return origin;
  const { caseNo, application, warnings, by: filedBy, agentId, at } = command;
  const toIranNk = policy.iranNkDestinations.includes(application.destination);
  switch (application.route) {
    case 'STANDARD':
      if (toIranNk) {
        return refuse('R-IRNK-1', 'Exports to Iran or North Korea are filed from a registered assurance (route IRAN_NK)', 'RULE', 'route');
      }
      return [{ type: 'CaseRegistered', data: { caseNo, application, warnings, filedBy, agentId, registeredAt: at, ...origin } }];

    case 'EXEMPT':
      if (toIranNk) return refuse('R-IRNK-1', 'Exports to Iran or North Korea cannot take the exempt route', 'RULE', 'route');
      if (!application.exemption) return refuse('R-EXEMPT-1', 'Pick the reason the case needs no assurance', 'INVALID', 'exemption');
      if (!command.endUse) return refuse('R-EXEMPT-2', 'The end use in English is required when filing an exempt case', 'INVALID', 'exemption.endUse');
      return [
        { type: 'ExemptCaseFiled', data: { caseNo, application, warnings, filedBy, agentId, endUse: command.endUse, filedAt: at, ...origin } },
        ...(command.screening ? screened(command.screening, null, filedBy, at) : []),
      ];

    case 'IRAN_NK': {
      const { assurance } = command;
      if (!assurance) return refuse('R-IRNK-3', 'An Iran/North Korea application is filed from its assurance number', 'INVALID', 'assuranceNo');
      if (assurance.applicantId !== application.applicantId) {
        return refuse('R-IRNK-3', 'The assurance belongs to another applicant', 'NOT_FOUND', 'assuranceNo');
      }
      const changes = changesFromAssurance(application, assurance);
      if (changes.length > 0) return refuseAll(changes, 'RULE');
      return [{ type: 'CaseRegistered', data: { caseNo, application, warnings, filedBy, agentId, registeredAt: at, ...origin } }];
    }
  }
}

/** What the case starts from, by its kind, or why it cannot start from it. */
function originOf(command: FileApplication): CaseOrigin | Refusal {
  switch (command.application.kind) {
    case 'NEW':
      return { amends: null, reissues: null, corrects: null };
    case 'AMENDMENT':
      return refusedAmendment(command.application, command.original) ?? { amends: command.original!.caseNo, reissues: null, corrects: null };
    case 'BALANCE_REISSUE':
      return refusedReissue(command.application, command.cancelledLicence) ?? { amends: null, reissues: command.cancelledLicence!.licenceNo, corrects: null };
    case 'CORRECTION':
    case 'MISMATCH_CORRECTION':
      return refusedCorrection(command.application, command.correction) ?? { amends: null, reissues: null, corrects: correctionOf(command.correction!) };
    default:
      return assertNever(command.application.kind, 'case kind');
  }
}
