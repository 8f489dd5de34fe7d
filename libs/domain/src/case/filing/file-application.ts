import type { Decision } from '../../shared/decider';
import { refuse, refuseAll } from '../../shared/refusal';
import type { FileApplication } from '../case.commands';
import type { CaseEvent } from '../case.events';
import { changesFromAssurance, type CasePolicy } from '../case.rules';
import { screened } from '../review/notes-and-screening';

/**
 * R-NEW-1 registers a standard case; R-EXEMPT-1/2 files and submits an exempt one; R-IRNK-3
 * registers an Iran/North Korea case from its assurance. Iran and North Korea take no other route (R-IRNK-1).
 */
export function decideFileApplication(command: FileApplication, policy: CasePolicy): Decision<CaseEvent> {
  const { caseNo, application, warnings, by: filedBy, agentId, at } = command;
  const toIranNk = policy.iranNkDestinations.includes(application.destination);
  switch (application.route) {
    case 'STANDARD':
      if (toIranNk) {
        return refuse('R-IRNK-1', 'Exports to Iran or North Korea are filed from a registered assurance (route IRAN_NK)', 'RULE', 'route');
      }
      return [{ type: 'CaseRegistered', data: { caseNo, application, warnings, filedBy, agentId, registeredAt: at } }];

    case 'EXEMPT':
      if (toIranNk) return refuse('R-IRNK-1', 'Exports to Iran or North Korea cannot take the exempt route', 'RULE', 'route');
      if (!application.exemption) return refuse('R-EXEMPT-1', 'Pick the reason the case needs no assurance', 'INVALID', 'exemption');
      if (!command.endUse) return refuse('R-EXEMPT-2', 'The end use in English is required when filing an exempt case', 'INVALID', 'exemption.endUse');
      return [
        { type: 'ExemptCaseFiled', data: { caseNo, application, warnings, filedBy, agentId, endUse: command.endUse, filedAt: at } },
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
      return [{ type: 'CaseRegistered', data: { caseNo, application, warnings, filedBy, agentId, registeredAt: at } }];
    }
  }
}
