import type { Decision } from '../shared/decider';
import type { Actor } from '../shared/actor';
import { refuse, type Refusal } from '../shared/refusal';
import type { LicenceCorrection } from '../case/filing/file-correction';
import type { FiledCase } from '../case/case.state';
import { coProcessingCode, compareWithLicence } from './compare-declaration';
import type { LicenceCorrected, LicenceEvent } from './licence.events';
import { comparisonOf, evolveLicence, type IssuedLicence } from './licence.state';
import { refusedByLicenceStatus } from './transitions';

/** Replaces what a licence states with what an approved correction case states. */
export interface CorrectLicence {
  type: 'CorrectLicence';
  /** The CORRECTION or MISMATCH_CORRECTION case as approved. */
  approvedCase: FiledCase;
  at: string;
}

/**
 * R-CORR-1 / R-MISM-1: the approved correction becomes the licence's next version, while it is
 * valid and nothing was released (R-BAL-3), and only if no other correction was approved since
 * the case was filed (it corrected what the licence stated then). A mismatch correction then has
 * the declaration compared again with the corrected licence, and the result recorded for customs.
 * Applying the same correction again (a retry, or the worker after a crash) records nothing.
 */
export function decideCorrectLicence(command: CorrectLicence, state: IssuedLicence): Decision<LicenceEvent> {
  const { approvedCase } = command;
  const { corrects, decision } = approvedCase;
  if (approvedCase.status !== 'APPROVED' || !decision || !corrects || corrects.licenceNo !== state.licenceNo) {
    return refuse('R-CORR-1', `Case ${approvedCase.caseNo} is not an approved correction of licence ${state.licenceNo}`, 'CONFLICT');
  }
  if (state.corrections.some((correction) => correction.caseNo === approvedCase.caseNo)) return [];
  const refused = refusedCorrectionOf(state, approvedCase.caseNo, corrects, decision.by, command.at);
  if (refused) return refused;
  const { application } = approvedCase;
  const corrected: LicenceCorrected = {
    type: 'LicenceCorrected',
    data: {
      caseNo: approvedCase.caseNo,
      kind: application.kind === 'MISMATCH_CORRECTION' ? 'MISMATCH_CORRECTION' : 'CORRECTION',
      version: state.version + 1,
      description: corrects.description,
      destination: application.destination,
      buyer: application.buyer,
      consignee: application.consignee,
      endUser: application.endUser,
      partialShipments: application.partialShipments,
      items: application.items,
      correctedAt: decision.at,
      by: decision.by,
    },
  };
  const comparison = corrects.declarationNo ? comparisonOf(state, corrects.declarationNo) : undefined;
  if (!comparison) return [corrected];
  const differences = compareWithLicence(evolveLicence(state, corrected) as IssuedLicence, comparison.declaration, command.at);
  const result = differences.length === 0 ? 'MATCH' : 'MISMATCH';
  return [
    corrected,
    {
      type: 'DeclarationCompared',
      data: {
        declarationNo: comparison.declarationNo,
        declaration: comparison.declaration,
        result,
        differences,
        coProcessingCode: result === 'MISMATCH' ? coProcessingCode(state.licenceNo, comparison.declarationNo) : null,
        correctionCaseNo: approvedCase.caseNo,
        comparedAt: command.at,
        by: decision.by,
      },
    },
  ];
}

/**
 * Why the licence cannot take a correction filed against `corrects.version` now: it ended, goods
 * were released (R-BAL-3), or another correction was approved since (409). The approval asks
 * this before it approves the case, so a refused correction leaves the case in review.
 */
export function refusedCorrectionOf(state: IssuedLicence, caseNo: string, corrects: LicenceCorrection, by: Actor, at: string): Refusal | null {
  const closed = refusedByLicenceStatus('CorrectLicence', state, by, at);
  if (closed) return closed;
  if (state.version === corrects.version) return null;
  return refuse(
    'R-CORR-1',
    `Licence ${state.licenceNo} was corrected since case ${caseNo} was filed: it is at version ${state.version}, the case corrects version ${corrects.version}`,
    'CONFLICT',
  ).with({ licenceVersion: state.version, correctedBy: state.corrections.at(-1)?.caseNo ?? null });
}
