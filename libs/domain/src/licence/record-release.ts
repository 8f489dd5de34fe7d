import type { Decision } from '../shared/decider';
import { refuse, refuseAll, type FieldIssue } from '../shared/refusal';
import { Decimal } from '../values/decimal';
import { issue } from '../values/field-issue';
import { normaliseRelease, sameContent } from './customs';
import type { RecordRelease } from './licence.commands';
import type { LicenceEvent } from './licence.events';
import { isPastValidity } from './licence-status';
import { releaseOf, type IssuedLicence } from './licence.state';
import { refusedByLicenceStatus } from './transitions';

/**
 * R-CUS-2: a release draws down each released item's balance. Refused, each by its rule: on an
 * exhausted, expired or cancelled licence, or released or recorded after the last valid day
 * even before the expiry is written (R-LIC-4); a second release on a single-shipment licence
 * (R-LIC-3); an item the licence does not have (R-CUS-2); more than an item's balance (R-LIC-4).
 * The same release sent again records nothing; other content under its number is refused.
 * The release that leaves every item's balance at zero exhausts the licence.
 */
export function decideRecordRelease(command: RecordRelease, state: IssuedLicence): Decision<LicenceEvent> {
  const normalised = normaliseRelease(command);
  if (!normalised.ok) return refuseAll(normalised.issues);
  const { declarationNo, content } = normalised.value;
  const recorded = releaseOf(state, declarationNo);
  if (recorded) {
    return sameContent({ releasedAt: recorded.releasedAt, items: recorded.items.map(({ itemNo, quantity }) => ({ itemNo, quantity })) }, content)
      ? []
      : refuse('R-CUS-2', `A release of declaration ${declarationNo} is recorded already, with other content`, 'CONFLICT', 'declarationNo');
  }
  const closed = refusedByLicenceStatus('RecordRelease', state, command.by, command.at);
  if (closed) return closed;
  if (isPastValidity(state.validUntil, content.releasedAt)) {
    return refuse('R-LIC-4', `Released on a day after the licence's last valid day (${state.validUntil})`, 'RULE', 'releasedAt');
  }
  if (Date.parse(content.releasedAt) < Date.parse(state.issuedAt)) return refuse('R-CUS-2', `Released before the licence was issued (${state.issuedAt})`, 'RULE', 'releasedAt');

  const issues: FieldIssue[] = [];
  const released = content.items.flatMap((line, i) => {
    const item = state.items.find((candidate) => candidate.itemNo === line.itemNo);
    if (!item) {
      issues.push(issue(`items[${i}].itemNo`, 'R-CUS-2', `Licence ${state.licenceNo} has no item ${line.itemNo}`));
      return [];
    }
    const balance = Decimal.fromStored(item.balance).subtract(Decimal.fromStored(line.quantity));
    if (balance.isNegative()) {
      issues.push(issue(`items[${i}].quantity`, 'R-LIC-4', `Item ${line.itemNo}: ${line.quantity} ${item.unit} is more than its balance of ${item.balance}`));
      return [];
    }
    return [{ itemNo: line.itemNo, quantity: line.quantity, balance: balance.toString() }];
  });
  if (issues.length > 0) return refuseAll(issues, 'RULE');

  const events: LicenceEvent[] = [
    { type: 'GoodsReleased', data: { declarationNo, releasedAt: content.releasedAt, items: released, recordedAt: command.at, by: command.by } },
  ];
  const after = new Map(released.map((line) => [line.itemNo, line.balance]));
  const exhausted = state.items.every((item) => Decimal.fromStored(after.get(item.itemNo) ?? item.balance).isZero());
  if (exhausted) events.push({ type: 'LicenceExhausted', data: { declarationNo, exhaustedAt: command.at } });
  return events;
}
