import { assertNever } from '../shared/decider';
import type { LicenceEvent, LicenceIssued } from './licence.events';

export type IssuedLicence = { status: 'VALID' } & LicenceIssued['data'];
export type LicenceState = { status: 'NONE' } | IssuedLicence;

export const initialLicenceState: LicenceState = { status: 'NONE' };

export function evolveLicence(state: LicenceState, event: LicenceEvent): LicenceState {
  switch (event.type) {
    case 'LicenceIssued':
      return { status: 'VALID', ...event.data };
    default:
      return assertNever(event.type, 'licence event');
  }
}
