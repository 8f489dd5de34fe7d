/**
 * R-LIC-1: how long a licence is valid. The facts come from reference data and the
 * shipment-history projection, read by the approval's handler; the rule is decided here.
 */
export interface LicenceTerms {
  licenceNo: string;
  /** The Taipei date of issue. */
  issuedOn: string;
  /** The destination belongs to all four regimes (regimes.json). */
  destinationInAllRegimes: boolean;
  /** The destination is in the controlled-area list. */
  destinationControlled: boolean;
  /** Releases by this exporter to the same importer in the same country in the previous 6 months. */
  recentShipmentsToImporter: number;
}

export const VALIDITY_REASONS = ['ALL_FOUR_REGIMES', 'REPEAT_SHIPMENTS', 'STANDARD'] as const;
export type ValidityReason = (typeof VALIDITY_REASONS)[number];

export interface LicenceValidity {
  months: 6 | 24;
  reason: ValidityReason;
  /** The last day the licence is valid (inclusive); it is never extended (R-LIC-2). */
  validUntil: string;
}

/** Shipments to the same importer within 6 months that earn the 2-year validity (R-LIC-1 b). */
export const REPEAT_SHIPMENTS_FOR_TWO_YEARS = 5;

export function licenceValidity(terms: LicenceTerms): LicenceValidity {
  const { months, reason } = terms.destinationInAllRegimes
    ? ({ months: 24, reason: 'ALL_FOUR_REGIMES' } as const)
    : !terms.destinationControlled && terms.recentShipmentsToImporter >= REPEAT_SHIPMENTS_FOR_TWO_YEARS
      ? ({ months: 24, reason: 'REPEAT_SHIPMENTS' } as const)
      : ({ months: 6, reason: 'STANDARD' } as const);
  return { months, reason, validUntil: lastDayValid(terms.issuedOn, months) };
}

/**
 * The day before the same date `months` later (issued 2026-12-01, 6 months: valid until
 * 2027-05-31); where that month is shorter, its last day.
 */
export function lastDayValid(issuedOn: string, months: number): string {
  const [year, month, day] = issuedOn.split('-').map(Number);
  const end = new Date(Date.UTC(year, month - 1 + months, 1));
  const daysInMonth = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  const valid = day === 1
    ? new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 0))
    : new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), Math.min(day - 1, daysInMonth)));
  return valid.toISOString().slice(0, 10);
}
