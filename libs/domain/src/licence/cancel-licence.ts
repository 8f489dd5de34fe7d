import type { Decision } from '../shared/decider';
import { refuse } from '../shared/refusal';
import type { CancelLicence } from './licence.commands';
import type { LicenceEvent } from './licence.events';
import type { IssuedLicence } from './licence.state';
import { refusedByLicenceStatus } from './transitions';

/**
 * R-BAL-1: before the licence expires, its holder cancels it with a reason; each item's
 * balance stays on record, for a balance reissue that quotes the cancelled licence's number
 * (R-BAL-2). Only a VALID licence is cancelled: not one expired (even before its expiry is
 * written), exhausted or cancelled already.
 */
export function decideCancelLicence(command: CancelLicence, state: IssuedLicence): Decision<LicenceEvent> {
  if (typeof command.reason !== 'string' || !command.reason.trim()) return refuse('R-BAL-1', 'Give the reason for cancelling the licence', 'INVALID', 'reason');
  const closed = refusedByLicenceStatus('CancelLicence', state, command.by, command.at);
  if (closed) return closed;
  return [
    {
      type: 'LicenceCancelled',
      data: {
        cancelledLicenceNo: state.licenceNo,
        reason: command.reason,
        balance: state.items.map(({ itemNo, quantity, shipped, balance }) => ({ itemNo, quantity, shipped, balance })),
        cancelledAt: command.at,
        by: command.by,
      },
    },
  ];
}
