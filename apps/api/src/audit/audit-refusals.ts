import { RefusalError, refuse } from '@shtc/domain';

/** 404 for a case the log does not have. Not "of yours" as to an applicant: auditors see every case (R-ACC-5). */
export function noSuchCase(caseNo: string): RefusalError {
  return new RefusalError(refuse('R-ACC-5', `No case ${caseNo}`, 'NOT_FOUND', 'caseNo'));
}

/** 404 for a stream of a known kind that has no events. */
export function noSuchStream(stream: string): RefusalError {
  return new RefusalError(refuse('R-ACC-5', `No stream ${stream}`, 'NOT_FOUND', 'stream'));
}
