import { Decimal, type GoodsItem, type LicenceEvent, type OfficeCalendar } from '@shtc/domain';
import type { Document } from '@shtc/read-store';
import type { CaseFacts } from './case-facts';
import { categoriesOf, type Dimensions } from './dimensions';
import type { Folded } from './statistics-fold';
import { valueOfShare, type TallyChange, type ValueLine } from './tally';

/** A licensed goods line: what its shipped value is worked out from. */
export interface LicensedLine {
  itemNo: number;
  quantity: string;
  amount: string;
  currency: string;
  shipped: string;
}

/** What the fold keeps of a licence between its events. */
export interface LicenceFacts extends Document {
  /** The licence number. */
  id: string;
  revision: number;
  dimensions: Dimensions;
  items: LicensedLine[];
  /** Whether any goods were released under it (R-CUS-2). */
  released: boolean;
}

/** A licence's facts after an event, and what the event counts, under the dimensions of the case that issued it. */
export function evolveLicenceFacts(
  facts: LicenceFacts | null,
  event: LicenceEvent,
  licenceNo: string,
  issuingCase: CaseFacts | null,
  calendar: OfficeCalendar,
): Folded<LicenceFacts> {
  const unchanged: Folded<LicenceFacts> = { facts, observations: [] };
  if (event.type === 'LicenceIssued') {
    if (facts) return unchanged; // a licence is issued once
    const { destination, items, issuedAt } = event.data;
    const dimensions: Dimensions = {
      route: issuingCase?.dimensions.route ?? 'UNKNOWN',
      kind: issuingCase?.dimensions.kind ?? 'UNKNOWN',
      destination,
      categories: categoriesOf(items),
    };
    return {
      facts: { id: licenceNo, revision: -1, dimensions, items: items.map(licensedLine), released: false },
      observations: [{ on: calendar.dateOf(issuedAt), dimensions, change: { counts: { licencesIssued: 1 }, values: licensedValues(items.map(licensedLine), 1n) } }],
    };
  }
  if (!facts) return unchanged;
  const observe = (at: string, change: TallyChange, next: LicenceFacts = facts): Folded<LicenceFacts> => ({
    facts: next,
    observations: [{ on: calendar.dateOf(at), dimensions: facts.dimensions, change }],
  });
  switch (event.type) {
    case 'GoodsReleased': {
      const released = new Map(event.data.items.map((line) => [line.itemNo, line]));
      const shipped = new Map<string, Decimal>();
      const items = facts.items.map((item) => {
        const line = released.get(item.itemNo);
        if (!line) return item;
        // The event carries each item's balance after the release: shipped is what the balance is not.
        const quantity = Decimal.fromStored(item.quantity);
        const after = quantity.subtract(Decimal.fromStored(line.balance));
        const amount = Decimal.fromStored(item.amount);
        // The value shipped so far, less the value shipped before: the releases of an item add up to its amount exactly.
        const value = valueOfShare(amount, after, quantity).subtract(valueOfShare(amount, Decimal.fromStored(item.shipped), quantity));
        shipped.set(item.currency, (shipped.get(item.currency) ?? Decimal.ZERO).add(value));
        return { ...item, shipped: after.toString() };
      });
      const values = [...shipped].map(([currency, value]): ValueLine => ({ currency, licensed: '0', shipped: value.toString() }));
      return observe(event.data.releasedAt, { values }, { ...facts, items, released: true });
    }
    case 'LicenceExpired':
      return facts.released ? unchanged : observe(event.data.expiredAt, { counts: { licencesExpiredUnused: 1 } });
    case 'LicenceCancelled':
      return observe(event.data.cancelledAt, { counts: { licencesCancelled: 1 } });
    case 'BalanceReissued':
      return observe(event.data.reissuedAt, { counts: { balancesReissued: 1 } });
    case 'LicenceCorrected': {
      // Nothing was released (R-CORR-1, R-MISM-1): the licensed value moves from the old terms to the new.
      const items = event.data.items.map(licensedLine);
      const dimensions: Dimensions = { ...facts.dimensions, destination: event.data.destination, categories: categoriesOf(event.data.items) };
      const on = calendar.dateOf(event.data.correctedAt);
      return {
        facts: { ...facts, dimensions, items },
        observations: [
          { on, dimensions: facts.dimensions, change: { values: licensedValues(facts.items, -1n) } },
          { on, dimensions, change: { values: licensedValues(items, 1n) } },
        ],
      };
    }
    default:
      return unchanged;
  }
}

function licensedLine(item: GoodsItem): LicensedLine {
  return { itemNo: item.itemNo, quantity: item.quantity, amount: item.amount, currency: item.currency, shipped: '0' };
}

/** The goods lines' amounts summed per currency, times `sign`. */
function licensedValues(items: readonly LicensedLine[], sign: 1n | -1n): ValueLine[] {
  const sums = new Map<string, Decimal>();
  for (const item of items) sums.set(item.currency, (sums.get(item.currency) ?? Decimal.ZERO).add(Decimal.fromStored(item.amount)));
  return [...sums].map(([currency, sum]) => ({ currency, licensed: Decimal.fromUnits(sum.units * sign).toString(), shipped: '0' }));
}
