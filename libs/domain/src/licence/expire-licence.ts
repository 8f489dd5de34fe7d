import type { Decision } from '../shared/decider';
import type { ExpireLicence } from './licence.commands';
import type { LicenceEvent } from './licence.events';
import type { IssuedLicence } from './licence.state';
import { refusedByLicenceStatus } from './transitions';

/**
 * R-LIC-1: the scheduler ends a licence once its last valid day has passed (in Taipei). It is
 * written once: the scheduler asking again records nothing. Before that day has passed, or on a
 * licence exhausted or cancelled first, the table refuses it.
 */
export function decideExpireLicence(command: ExpireLicence, state: IssuedLicence): Decision<LicenceEvent> {
  if (state.status === 'EXPIRED') return [];
  const closed = refusedByLicenceStatus('ExpireLicence', state, command.by, command.at);
  if (closed) return closed;
  return [{ type: 'LicenceExpired', data: { validUntil: state.validUntil, expiredAt: command.at, by: command.by } }];
}
