import { refuse, type Refusal } from '../../shared/refusal';
import type { Application, Route } from '../application';
import type { CaseStatus } from '../case-status';

/**
 * The case an AMENDMENT quotes by its receipt number, as the handler read it: its status, whose
 * it is and its route; `status: 'NONE'` when no case has that number.
 */
export interface AmendedCase {
  caseNo: string;
  status: CaseStatus | 'NONE';
  applicantId: string | null;
  route: Route | null;
}

/**
 * R-AMEND-1: only a case closed for amendment (補正結案) is amended, by its own applicant (or the
 * agent it authorises, filing for it), from its receipt number. Another's case answers as if it
 * did not exist.
 */
export function refusedOriginal(original: AmendedCase | null | undefined, applicantId: string): Refusal | null {
  if (!original) return refuse('R-AMEND-1', 'An amendment quotes the receipt number of the case closed for amendment', 'INVALID', 'originalCaseNo');
  if (original.status === 'NONE' || original.applicantId !== applicantId) {
    return refuse('R-AMEND-1', `No case ${original.caseNo} of yours`, 'NOT_FOUND', 'originalCaseNo');
  }
  if (original.status !== 'CLOSED_FOR_AMENDMENT') {
    return refuse(
      'R-AMEND-1',
      `Case ${original.caseNo} is ${original.status}: only a case closed for amendment (補正結案) may be amended`,
      'RULE',
      'originalCaseNo',
    ).with({ originalStatus: original.status });
  }
  return null;
}

/** R-AMEND-1 for the whole filing: the original as above, and the route it inherits. */
export function refusedAmendment(application: Application, original: AmendedCase | null | undefined): Refusal | null {
  const refused = refusedOriginal(original, application.applicantId);
  if (refused) return refused;
  if (application.route !== original!.route) {
    return refuse('R-AMEND-1', `An amendment keeps the route of case ${original!.caseNo} (${original!.route})`, 'RULE', 'route');
  }
  return null;
}
