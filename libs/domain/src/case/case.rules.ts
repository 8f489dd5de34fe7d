import type { FieldIssue } from '../shared/refusal';
import { sameData } from '../shared/same-data';

export { sameData };
import type { AssuranceSnapshot } from '../assurance/assurance.decider';
import { IRNK_CHANGEABLE_ITEM_FIELDS, type Application, type GoodsItem } from './application';
import type { Attachment, AttachmentType } from './attachment-types';
import { touchesAssurance, type LicenceCorrection } from './filing/file-correction';

/**
 * Lists that rules name, passed in so an operator can replace them without a code change
 * (libs/reference-data); the defaults are domain.md's.
 */
export interface CasePolicy {
  /** R-NEW-4 item 6: an end user's business licence is needed for these destinations. */
  businessLicenceDestinations: readonly string[];
  /** R-NEW-4 item 7: re-exports of goods first exported by these countries need their consent. */
  reExportConsentCountries: readonly string[];
  /** Destinations of the Iran/North Korea route (R-IRNK). */
  iranNkDestinations: readonly string[];
}

export const DEFAULT_CASE_POLICY: CasePolicy = {
  businessLicenceDestinations: ['CN', 'AE'],
  reExportConsentCountries: ['US', 'DE', 'GR', 'HU', 'CZ', 'ES', 'TR', 'RU', 'BE', 'FR'],
  iranNkDestinations: ['IR', 'KP'],
};

export interface RequiredAttachment {
  type: AttachmentType;
  rule: string;
  what: string;
}

/**
 * What must be attached before submission: R-NEW-4 (standard route) and R-IRNK-4 (Iran/North
 * Korea). A correction of a licence needs only the assurance, signed again, and only when the
 * change touches what the assurance states (R-CORR-2).
 */
export function requiredAttachments(application: Application, policy: CasePolicy, corrects: LicenceCorrection | null = null): RequiredAttachment[] {
  if (corrects) {
    return application.route !== 'EXEMPT' && touchesAssurance(application, corrects.licensed)
      ? [{ type: 'END_USE_ASSURANCE', rule: 'R-CORR-2', what: `the end-use assurance signed again for the corrected data of licence ${corrects.licenceNo}` }]
      : [];
  }
  const rule = application.route === 'IRAN_NK' ? 'R-IRNK-4' : 'R-NEW-4';
  const required: RequiredAttachment[] = [
    { type: 'END_USE_ASSURANCE', rule, what: 'the end-use assurance signed by the end user' },
    { type: 'RED_FLAG_AFFIDAVIT', rule, what: 'the red-flag checklist affidavit, signed and stamped' },
    { type: 'CATALOGUE', rule, what: 'the English product catalogue and specifications' },
    { type: 'TRANSACTION_DOCUMENT', rule, what: 'a transaction document (proforma invoice, purchase order or contract)' },
    { type: 'END_USER_INTRODUCTION', rule, what: "an introduction of the end user's company (its English website will do)" },
  ];
  if (application.route !== 'STANDARD') return required;
  if (policy.businessLicenceDestinations.includes(application.destination)) {
    required.push({ type: 'BUSINESS_LICENCE', rule, what: `a copy of the end user's business licence (destination ${application.destination})` });
  }
  const reExport = application.reExport;
  if (reExport) {
    required.push({ type: 'IMPORT_DECLARATION', rule, what: 'the import declaration copy (re-export)' });
    if (policy.reExportConsentCountries.includes(reExport.originCountry) && !reExport.returnsToOrigin) {
      required.push({
        type: 'REEXPORT_CONSENT',
        rule,
        what: `the re-export consent of the government of ${reExport.originCountry}, the original exporting country`,
      });
    }
  }
  return required;
}

/** Each required attachment that is missing, or (the assurance) uploaded for older data. */
export function missingAttachments(
  application: Application,
  attachments: readonly Attachment[],
  dataVersion: number,
  policy: CasePolicy,
  corrects: LicenceCorrection | null = null,
): FieldIssue[] {
  return requiredAttachments(application, policy, corrects).flatMap(({ type, rule, what }): FieldIssue[] => {
    const uploaded = attachments.filter((a) => a.type === type);
    if (uploaded.length === 0) return [{ field: `attachments.${type}`, message: `Upload ${what} (${type})`, rule }];
    if (type === 'END_USE_ASSURANCE' && !uploaded.some((a) => a.dataVersion === dataVersion)) {
      return [
        {
          field: `attachments.${type}`,
          message: 'The case data changed after the assurance was uploaded: have the end user sign the current version and upload it',
          rule,
        },
      ];
    }
    return [];
  });
}

const ITEM_FIELDS_FIXED: Array<keyof GoodsItem> = ['itemNo', 'goodsName', 'brand', 'model', 'spec', 'cccCode', 'eccn'];

/**
 * R-IRNK-3: an application filed from an Iran/North Korea assurance keeps its parties,
 * destination and items; only each item's quantity, unit, amount and currency may change.
 */
export function changesFromAssurance(application: Application, assurance: AssuranceSnapshot): FieldIssue[] {
  const rule = 'R-IRNK-3';
  const issues: FieldIssue[] = [];
  if (application.destination !== assurance.destination) {
    issues.push({ field: 'destination', message: `must be ${assurance.destination}, as in assurance ${assurance.assuranceNo}`, rule });
  }
  for (const party of ['buyer', 'consignee', 'endUser'] as const) {
    if (!sameData(application[party], assurance[party])) {
      issues.push({ field: party, message: `must be as in assurance ${assurance.assuranceNo}`, rule });
    }
  }
  if (application.items.length !== assurance.items.length) {
    issues.push({
      field: 'items',
      message: `must be the ${assurance.items.length} item(s) of assurance ${assurance.assuranceNo}: no item may be added or removed`,
      rule,
    });
    return issues;
  }
  application.items.forEach((item, i) => {
    for (const field of ITEM_FIELDS_FIXED) {
      if (!sameData(item[field], assurance.items[i][field])) {
        issues.push({
          field: `items[${i}].${field}`,
          message: `must stay as in the assurance; only ${IRNK_CHANGEABLE_ITEM_FIELDS.join(', ')} may change`,
          rule,
        });
      }
    }
  });
  return issues;
}
