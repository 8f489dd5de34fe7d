import shipped from '../data/export-rules.json';
import { expectCountryList, expectRecord, loadReferenceFile } from './reference-files';

/**
 * Country lists that rules of domain.md name, as data. The keys are those of the case
 * decider's `CasePolicy`, so `exportRules()` can be passed as one.
 */
export interface ExportRules {
  /** R-NEW-4 item 6: the end user's business licence is needed for these destinations (CN, AE). */
  businessLicenceDestinations: readonly string[];
  /** R-NEW-4 item 7: re-exports of goods first exported by these countries need their consent. */
  reExportConsentCountries: readonly string[];
  /** Destinations of the Iran / North Korea route (IR, KP). */
  iranNkDestinations: readonly string[];
}

const KEYS = ['businessLicenceDestinations', 'reExportConsentCountries', 'iranNkDestinations'] as const;

/** export-rules.json: each key holds `{ rule, countries }`. */
export function parseExportRules(raw: unknown): ExportRules {
  const file = expectRecord(raw, 'export-rules.json');
  const entries = KEYS.map((key) => [key, expectCountryList(expectRecord(file[key], key).countries, `${key}.countries`)]);
  return Object.fromEntries(entries) as unknown as ExportRules;
}

export function exportRules(): ExportRules {
  return loadReferenceFile('export-rules.json', shipped, parseExportRules);
}

/** R-NEW-4 item 6: whether the end user's business licence must be attached. */
export function needsBusinessLicence(destination: string): boolean {
  return exportRules().businessLicenceDestinations.includes(destination);
}

/**
 * R-NEW-4 item 7: whether a re-export needs the re-export consent of the original exporting
 * country's government: the country is on the list and the goods do not return to it.
 */
export function needsReExportConsent(originCountry: string, destination: string): boolean {
  return exportRules().reExportConsentCountries.includes(originCountry) && destination !== originCountry;
}

/** Whether the destination takes the Iran / North Korea route (R-IRNK). */
export function isIranOrNorthKorea(destination: string): boolean {
  return exportRules().iranNkDestinations.includes(destination);
}
