import type { Actor } from '../shared/actor';
import { assertNever } from '../shared/decider';
import { Decimal } from '../values/decimal';
import type { GoodsItem } from '../case/application';
import type { DeclarationCompared, GoodsReleased, LicenceCancelled, LicenceClosedOut, LicenceCorrected, LicenceEvent, LicenceIssued } from './licence.events';
import { licenceStatusAfter, type LicenceStatus } from './licence-status';

/** A licensed goods line with what was shipped of it and its balance (decimal strings; shipped + balance = quantity). */
export type LicenceItem = GoodsItem & { shipped: string; balance: string };

export type Release = GoodsReleased['data'];
export type Comparison = DeclarationCompared['data'];

export type IssuedLicence = Omit<LicenceIssued['data'], 'items'> & {
  status: LicenceStatus;
  items: LicenceItem[];
  /** Every release, in order (R-CUS-2). */
  releases: Release[];
  /** Every declaration compared, in order (R-CUS-1); a declaration number is compared once, until a mismatch correction (R-MISM-1). */
  comparisons: Comparison[];
  expiredAt: string | null;
  exhaustedAt: string | null;
  cancellation: { cancelledLicenceNo: string; reason: string; cancelledAt: string; by: Actor } | null;
  /** The case that reissued the balance of this cancelled licence (R-BAL-1), once one has. */
  reissuedBy: string | null;
  /** 1 as issued; each approved correction makes the next version (R-CORR-1, R-MISM-1). */
  version: number;
  corrections: Correction[];
  /** R-EXEMPT-4: an exhibition licence's close-out, once recorded (`closeOutBy` comes with the issue). */
  closedOut: LicenceClosedOut['data'] | null;
};
/** An approved correction of the licence, without the terms it replaced them with (those are the licence's now). */
export type Correction = Pick<LicenceCorrected['data'], 'caseNo' | 'kind' | 'version' | 'description' | 'correctedAt' | 'by'>;
export type LicenceState = { status: 'NONE' } | IssuedLicence;

export const initialLicenceState: LicenceState = { status: 'NONE' };

/** Folds one event into the licence. Status moves by `licenceStatusAfter` alone; evolve never throws. */
export function evolveLicence(state: LicenceState, event: LicenceEvent): LicenceState {
  const next = applyData(state, event);
  if (!next) return state; // an event of a licence not yet issued: events are facts
  const status = licenceStatusAfter(event);
  return status ? { ...next, status } : next;
}

function applyData(state: LicenceState, event: LicenceEvent): IssuedLicence | null {
  if (event.type === 'LicenceIssued') {
    if (state.status !== 'NONE') return null;
    return {
      ...event.data,
      status: 'VALID',
      items: event.data.items.map((item) => ({ ...item, shipped: '0', balance: item.quantity })),
      releases: [],
      comparisons: [],
      expiredAt: null,
      exhaustedAt: null,
      cancellation: null,
      reissuedBy: null,
      version: 1,
      corrections: [],
      closedOut: null,
    };
  }
  if (state.status === 'NONE') return null;
  switch (event.type) {
    case 'DeclarationCompared':
      return { ...state, comparisons: [...state.comparisons, event.data] };
    case 'GoodsReleased': {
      const released = new Map(event.data.items.map((item) => [item.itemNo, item]));
      return {
        ...state,
        releases: [...state.releases, event.data],
        items: state.items.map((item) => {
          const line = released.get(item.itemNo);
          // The event carries the balance after the release; shipped is what the balance is not.
          return line ? { ...item, balance: line.balance, shipped: shippedOf(item.quantity, line.balance) } : item;
        }),
      };
    }
    case 'LicenceExhausted':
      return { ...state, exhaustedAt: event.data.exhaustedAt };
    case 'LicenceExpired':
      return { ...state, expiredAt: event.data.expiredAt };
    case 'LicenceCancelled':
      return { ...state, cancellation: cancellationOf(event.data) };
    case 'BalanceReissued':
      return { ...state, reissuedBy: event.data.caseNo };
    case 'LicenceCorrected': {
      const { caseNo, kind, version, description, correctedAt, by, items, ...terms } = event.data;
      return {
        ...state,
        ...terms,
        items: items.map((item) => ({ ...item, shipped: '0', balance: item.quantity })),
        version,
        corrections: [...state.corrections, { caseNo, kind, version, description, correctedAt, by }],
      };
    }
    case 'LicenceClosedOut':
      return { ...state, closedOut: event.data };
    default:
      return assertNever(event, 'licence event');
  }
}

function shippedOf(quantity: string, balance: string): string {
  return Decimal.fromStored(quantity).subtract(Decimal.fromStored(balance)).toString();
}

function cancellationOf({ cancelledLicenceNo, reason, cancelledAt, by }: LicenceCancelled['data']): IssuedLicence['cancellation'] {
  return { cancelledLicenceNo, reason, cancelledAt, by };
}

/** The last comparison recorded for a declaration number, if any. */
export function comparisonOf(state: IssuedLicence, declarationNo: string): Comparison | undefined {
  return state.comparisons.filter((comparison) => comparison.declarationNo === declarationNo).at(-1);
}

/** The release recorded for a declaration number, if any. */
export function releaseOf(state: IssuedLicence, declarationNo: string): Release | undefined {
  return state.releases.find((release) => release.declarationNo === declarationNo);
}
