import { taipeiDateOf } from '../shared/taipei-date';
import { assertNever } from '../shared/decider';
import type { LicenceEvent } from './licence.events';

/** A licence's statuses: usable while VALID; each of the others ends it for good (R-LIC-2). */
export const LICENCE_STATUSES = ['VALID', 'EXHAUSTED', 'EXPIRED', 'CANCELLED'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

export const LICENCE_STATUS_ZH: Record<LicenceStatus, string> = {
  VALID: '有效',
  EXHAUSTED: '已用罄',
  EXPIRED: '已逾期',
  CANCELLED: '已註銷',
};

/**
 * The status a licence is in after an event; null when the event leaves it as it was. The one
 * place licence status changes are written: `evolve` and the projections use it.
 */
export function licenceStatusAfter(event: LicenceEvent): LicenceStatus | null {
  switch (event.type) {
    case 'LicenceIssued':
      return 'VALID';
    case 'LicenceExhausted':
      return 'EXHAUSTED';
    case 'LicenceExpired':
      return 'EXPIRED';
    case 'LicenceCancelled':
      return 'CANCELLED';
    case 'DeclarationCompared':
    case 'GoodsReleased':
    case 'BalanceReissued':
    case 'LicenceCorrected':
    case 'LicenceClosedOut':
      return null;
    default:
      return assertNever(event, 'licence event');
  }
}

/** Whether the licence's validity has passed at `instant`: its Taipei date is after `validUntil` (the last valid day). */
export function isPastValidity(validUntil: string, instant: string): boolean {
  return taipeiDateOf(instant) > validUntil;
}
