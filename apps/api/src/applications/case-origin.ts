import type { FiledCase } from '@shtc/domain';

/**
 * What a case starts from, in the application body's fields (api.md): the case it amends
 * (R-AMEND-1), the cancelled licence it reissues (R-BAL-1), or the licence it corrects with the
 * version corrected, the reason and, for a mismatch, the declaration (R-CORR-1, R-MISM-1).
 */
export function originOf({ amends, reissues, corrects }: FiledCase) {
  return {
    originalCaseNo: amends,
    cancelledLicenceNo: reissues,
    ...(corrects && {
      licenceNo: corrects.licenceNo,
      licenceVersion: corrects.version,
      description: corrects.description,
      declarationNo: corrects.declarationNo,
      coProcessingCode: corrects.coProcessingCode,
    }),
  };
}
