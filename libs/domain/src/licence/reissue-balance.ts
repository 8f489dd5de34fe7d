import type { Decision } from '../shared/decider';
import type { ReissueBalance } from './licence.commands';
import type { LicenceEvent } from './licence.events';
import type { IssuedLicence } from './licence.state';
import { refusedByLicenceStatus } from './transitions';

/**
 * R-BAL-1/R-BAL-2: a balance reissue case was filed quoting this cancelled licence. Recorded on
 * the licence's own stream, at the revision read, so the balance is reissued once: a second
 * reissue, even filed at the same moment, is refused naming the case that reissued it.
 */
export function decideReissueBalance(command: ReissueBalance, state: IssuedLicence): Decision<LicenceEvent> {
  const closed = refusedByLicenceStatus('ReissueBalance', state, command.by, command.at);
  if (closed) return closed;
  return [{ type: 'BalanceReissued', data: { caseNo: command.caseNo, reissuedAt: command.at, by: command.by } }];
}
