import { caseCodec } from '@shtc/domain';
import { decodedHandlers, type Document, type Projection } from '@shtc/read-store';

export const LICENCE_ISSUE_PROJECTION = 'licence-issue';
/** Licences to open: fed here from approvals, worked off by LicenceIssueWorker (libs/commands). Shared across rebuilds. */
export const LICENCE_ISSUES = 'licence_issues';
export const LICENCE_ISSUES_COLLECTION = {
  name: LICENCE_ISSUES,
  shared: true,
  indexes: [{ fields: [['status', 'asc'], ['approvedAt', 'asc']] as Array<[string, 'asc' | 'desc']> }],
};

/** Keyed by case number: a correction's approval names the licence it corrects, which its issue named first. */
export interface LicenceIssueDocument extends Document {
  caseNo: string;
  licenceNo: string;
  approvedAt: string;
  /** REFUSED: the licence decider refused it (a release recorded between a correction's approval and its application, R-BAL-3). */
  status: 'PENDING' | 'ISSUED' | 'REFUSED';
  issuedAt: string | null;
  refusal?: { rule: string; message: string };
}

/**
 * Every approval's licence, to be opened (R-LIC-1). The approval's request opens the licence
 * stream at once; this is for when it could not (the process died in between): the worker
 * opens what is still pending, and a licence opened already is left as it is.
 */
export const licenceIssueProjection: Projection = {
  name: LICENCE_ISSUE_PROJECTION,
  version: 1,
  collections: [LICENCE_ISSUES_COLLECTION],
  handlers: decodedHandlers(caseCodec, {
    CaseApproved: async (event, recorded, context) => {
      const caseNo = caseCodec.idOf(recorded.stream);
      await context.putIfAbsent(LICENCE_ISSUES, {
        id: caseNo,
        caseNo,
        licenceNo: event.data.licence.licenceNo,
        approvedAt: event.data.approvedAt,
        status: 'PENDING',
        issuedAt: null,
      } satisfies LicenceIssueDocument);
    },
  }),
};
