import fc from 'fast-check';
import { fold } from '../shared/decider';
import { isRefusal } from '../shared/refusal';
import type { FreeText } from '../values';
import { Decimal } from '../values/decimal';
import { item } from '../case/case.fixtures';
import type { LicenceCommand } from './licence.commands';
import { licenceDecider } from './licence.decider';
import type { LicenceEvent } from './licence.events';
import { isPastValidity } from './licence-status';
import { customs, holder, issued, issuedAt, scheduler, validUntil } from './licence.fixtures';
import { reimportDeclaration, returnBy } from './close-out.fixtures';
import type { IssuedLicence, LicenceState } from './licence.state';

/**
 * Random histories of a licence: declarations, releases (some over the balance, some of items
 * it does not have, some retried), cancellations, close-outs of exhibition licences (R-EXEMPT-4)
 * and the clock moving past its validity, each
 * decided and, when accepted, folded in. Whatever happens, the rules of R-LIC-3, R-LIC-4 and
 * R-CUS-2 hold, and the state is the fold of the accepted events.
 */

/** A decimal of 0.01 … 5 with at most 2 decimals, as a canonical string. */
const decimal = (max = 500) => fc.integer({ min: 1, max }).map((hundredths) => Decimal.fromUnits(BigInt(hundredths) * 100n).toString());

const licenceArb = fc.record({
  partialShipments: fc.boolean(),
  exhibition: fc.boolean(),
  items: fc.array(fc.record({ quantity: decimal(), amount: decimal(100_000) }), { minLength: 1, maxLength: 3 }),
});

const declarationNo = fc.constantFrom('D1', 'D2', 'D3', 'D4', 'D5', 'D6');
const itemNo = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constant(4) }); // 4 is never on a licence: an unknown item
const oneInTen = fc.integer({ min: 0, max: 9 }).map((n) => n === 0); // true one time in ten

/** A released quantity: a decimal, or the item's whole balance at the time, or just over it. */
type Quantity = string | 'BALANCE' | 'OVER_BALANCE';
const releasedQuantity: fc.Arbitrary<Quantity> = fc.oneof({ weight: 3, arbitrary: decimal(300) }, { weight: 3, arbitrary: fc.constant('BALANCE' as const) }, { weight: 1, arbitrary: fc.constant('OVER_BALANCE' as const) });

type Step =
  | { kind: 'advance'; hours: number }
  | { kind: 'declare'; declarationNo: string; items: Array<{ itemNo: number; quantity: string; amount: string; wrongCode: boolean }> }
  | { kind: 'release'; declarationNo: string; hoursBefore: number; items: Array<{ itemNo: number; quantity: Quantity }> }
  | { kind: 'cancel' }
  | { kind: 'closeOut'; outcome: 'REIMPORTED' | 'SOLD_AT_SHOW' }
  | { kind: 'expire' }
  | { kind: 'retry' };

const lines = <T extends { itemNo: number }>(line: fc.Arbitrary<T>) => fc.uniqueArray(line, { minLength: 1, maxLength: 2, selector: (l) => l.itemNo });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.oneof(fc.integer({ min: 1, max: 72 }), fc.integer({ min: 24, max: 24 * 200 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('declare' as const), declarationNo, items: lines(fc.record({ itemNo, quantity: decimal(200), amount: decimal(1000), wrongCode: oneInTen })) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('release' as const), declarationNo, hoursBefore: fc.integer({ min: 0, max: 48 }), items: lines(fc.record({ itemNo, quantity: releasedQuantity })) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('closeOut' as const), outcome: fc.constantFrom('REIMPORTED' as const, 'SOLD_AT_SHOW' as const) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'expire' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'retry' as const }) },
);

interface Run {
  state: LicenceState;
  events: LicenceEvent[];
  /** Every status the licence has been in, in order. */
  statuses: string[];
}

interface LicenceSpec {
  partialShipments: boolean;
  exhibition: boolean;
  items: Array<{ quantity: string; amount: string }>;
}

function licenceOf(spec: LicenceSpec): LicenceEvent {
  return issued({
    partialShipments: spec.partialShipments,
    closeOutBy: spec.exhibition ? returnBy : null,
    items: spec.items.map((line, i) => item(i + 1, { quantity: line.quantity, amount: line.amount, cccCode: `8541410000${i + 1}` })),
  });
}

function commandOf(step: Exclude<Step, { kind: 'advance' | 'retry' }>, at: string, state: LicenceState): LicenceCommand {
  switch (step.kind) {
    case 'declare':
      return {
        type: 'CompareDeclaration',
        declarationNo: step.declarationNo,
        exporterId: '12345678',
        destination: 'DE',
        consigneeName: 'Rhein Optics GmbH',
        items: step.items.map((line) => ({ itemNo: line.itemNo, cccCode: line.wrongCode ? '99999999999' : `8541410000${line.itemNo}`, quantity: line.quantity, unit: 'PCE', amount: line.amount, currency: 'USD' })),
        by: customs,
        at,
      };
    case 'release':
      return {
        type: 'RecordRelease',
        declarationNo: step.declarationNo,
        releasedAt: new Date(Date.parse(at) - step.hoursBefore * 3600_000).toISOString(),
        items: step.items.map(({ itemNo, quantity }) => ({ itemNo, quantity: resolve(quantity, state, itemNo) })),
        by: customs,
        at,
      };
    case 'cancel':
      return { type: 'CancelLicence', reason: 'Balance to be reissued' as FreeText, by: holder, at };
    case 'closeOut':
      return { type: 'CloseOutLicence', outcome: step.outcome, note: `Closed out: ${step.outcome}` as FreeText, document: reimportDeclaration, by: holder, at };
    case 'expire':
      return { type: 'ExpireLicence', by: scheduler, at };
  }
}

function resolve(quantity: Quantity, state: LicenceState, itemNo: number): string {
  if (quantity !== 'BALANCE' && quantity !== 'OVER_BALANCE') return quantity;
  const balance = state.status === 'NONE' ? undefined : state.items.find((line) => line.itemNo === itemNo)?.balance;
  if (!balance || balance === '0') return '1';
  return quantity === 'BALANCE' ? balance : Decimal.fromStored(balance).add(Decimal.fromStored('0.0001')).toString();
}

/** Applies the steps through decide and evolve, checking after each accepted decision. */
function run(licence: LicenceEvent, steps: Step[], check: (run: Run, accepted: readonly LicenceEvent[]) => void): Run {
  const state = fold(licenceDecider, [licence]);
  const current: Run = { state, events: [licence], statuses: [state.status] };
  let clock = Date.parse(issuedAt) + 72 * 3600_000; // releases may be dated up to 48 hours back
  let lastCustoms: LicenceCommand | null = null;
  for (const step of steps) {
    if (step.kind === 'advance') {
      clock += step.hours * 3600_000;
      continue;
    }
    const at = new Date(clock).toISOString();
    const command: LicenceCommand | null = step.kind === 'retry' ? (lastCustoms ? ({ ...(lastCustoms as LicenceCommand), at } as LicenceCommand) : null) : commandOf(step, at, current.state);
    if (!command) continue;
    const decision = licenceDecider.decide(command, current.state);
    if (isRefusal(decision)) continue;
    if (step.kind === 'retry') expect(decision).toEqual([]); // a retried declaration or release records nothing
    for (const event of decision) current.state = licenceDecider.evolve(current.state, event);
    current.events.push(...decision);
    if (current.statuses.at(-1) !== current.state.status) current.statuses.push(current.state.status);
    if ((command.type === 'CompareDeclaration' || command.type === 'RecordRelease') && decision.length > 0) {
      lastCustoms = command;
      expect(licenceDecider.decide(command, current.state)).toEqual([]); // sent again at once: nothing new
    }
    check(current, decision);
  }
  return current;
}

const issuedOf = (state: LicenceState): IssuedLicence => {
  if (state.status === 'NONE') throw new Error('the licence is issued');
  return state;
};

const settings = { numRuns: 200 };
const history = fc.tuple(licenceArb, fc.array(stepArb, { minLength: 3, maxLength: 40, size: 'medium' }));

describe('the random histories', () => {
  it('reach every ending, with releases accepted and refused, so that the properties below are not vacuous', () => {
    const seen = new Map<string, number>();
    const saw = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    for (const [spec, steps] of fc.sample(history, { numRuns: 300, seed: 42 })) {
      const { state, events } = run(licenceOf(spec), steps, () => undefined);
      saw(state.status);
      if (events.some((e) => e.type === 'GoodsReleased')) saw('released');
      if (events.some((e) => e.type === 'DeclarationCompared' && e.data.result === 'MATCH')) saw('MATCH');
      if (events.some((e) => e.type === 'DeclarationCompared' && e.data.result === 'MISMATCH')) saw('MISMATCH');
      if (events.some((e) => e.type === 'LicenceClosedOut')) saw('closed out');
    }
    // each outcome in at least 5 % of the histories
    expect([...seen].filter(([, count]) => count >= 15).map(([what]) => what).sort()).toEqual(['CANCELLED', 'EXHAUSTED', 'EXPIRED', 'MATCH', 'MISMATCH', 'VALID', 'closed out', 'released']);
  });
});

describe('licence decider: properties of any history of declarations, releases, cancellations and expiry', () => {
  it('never lets a balance go negative, and keeps shipped + balance = quantity for every item', () => {
    fc.assert(
      fc.property(history, ([spec, steps]) => {
        run(licenceOf(spec), steps, ({ state, events }) => {
          const licence = issuedOf(state);
          for (const line of licence.items) {
            const [quantity, shipped, balance] = [line.quantity, line.shipped, line.balance].map(Decimal.fromStored);
            expect(balance.isNegative()).toBe(false);
            expect(shipped.isNegative()).toBe(false);
            expect(shipped.add(balance).equals(quantity)).toBe(true);
            // shipped is the sum of the item's releases
            const releasedOfItem = events.flatMap((e) => (e.type === 'GoodsReleased' ? e.data.items.filter((l) => l.itemNo === line.itemNo) : []));
            expect(Decimal.sum(releasedOfItem.map((l) => Decimal.fromStored(l.quantity))).equals(shipped)).toBe(true);
          }
          // every item used up: exhausted
          if (licence.items.every((line) => Decimal.fromStored(line.balance).isZero())) expect(licence.status).toBe('EXHAUSTED');
        });
      }),
      settings,
    );
  });

  it('releases nothing after the last valid day, after cancellation or expiry, nor twice on a single-shipment licence', () => {
    fc.assert(
      fc.property(history, ([spec, steps]) => {
        const licence = licenceOf(spec);
        const { events, state } = run(licence, steps, () => undefined);
        let ended = false;
        for (const event of events) {
          if (event.type === 'GoodsReleased') {
            expect(ended).toBe(false);
            expect(isPastValidity(validUntil, event.data.releasedAt)).toBe(false);
            expect(isPastValidity(validUntil, event.data.recordedAt)).toBe(false);
          }
          if (event.type === 'LicenceCancelled' || event.type === 'LicenceExpired' || event.type === 'LicenceExhausted') ended = true;
          if (event.type === 'LicenceExpired') expect(isPastValidity(validUntil, event.data.expiredAt)).toBe(true);
        }
        const releases = events.filter((event) => event.type === 'GoodsReleased');
        if (!spec.partialShipments) expect(releases.length).toBeLessThanOrEqual(1);
        expect(issuedOf(state).releases).toHaveLength(releases.length);
        // one release per declaration number, and one comparison
        expect(new Set(issuedOf(state).releases.map((r) => r.declarationNo)).size).toBe(releases.length);
        const compared = issuedOf(state).comparisons.map((c) => c.declarationNo);
        expect(new Set(compared).size).toBe(compared.length);
      }),
      settings,
    );
  });

  it('never returns to VALID once it has left it (R-LIC-2), and ends at most once', () => {
    fc.assert(
      fc.property(history, ([spec, steps]) => {
        const { statuses, events } = run(licenceOf(spec), steps, () => undefined);
        expect(statuses.slice(1)).not.toContain('VALID');
        expect(statuses.length).toBeLessThanOrEqual(2);
        expect(events.filter((e) => ['LicenceCancelled', 'LicenceExpired', 'LicenceExhausted'].includes(e.type)).length).toBeLessThanOrEqual(1);
      }),
      settings,
    );
  });

  it('gives the same state when the accepted events are replayed from scratch', () => {
    fc.assert(
      fc.property(history, ([spec, steps]) => {
        run(licenceOf(spec), steps, ({ state, events }) => {
          expect(fold(licenceDecider, events)).toEqual(state);
          expect(fold(licenceDecider, JSON.parse(JSON.stringify(events)))).toEqual(state); // as stored
        });
      }),
      settings,
    );
  });

  it('closes out only an exhibition licence, once, after goods were released and before any other, and changes neither its status nor its balances (R-EXEMPT-4)', () => {
    fc.assert(
      fc.property(history, ([spec, steps]) => {
        run(licenceOf(spec), steps, ({ state, events }, accepted) => {
          const closeOuts = events.filter((e) => e.type === 'LicenceClosedOut');
          expect(closeOuts.length).toBeLessThanOrEqual(spec.exhibition ? 1 : 0);
          const at = events.findIndex((e) => e.type === 'LicenceClosedOut');
          if (at >= 0) expect(events.slice(0, at).some((e) => e.type === 'GoodsReleased')).toBe(true);
          if (at >= 0) expect(events.slice(at).some((e) => e.type === 'GoodsReleased')).toBe(false);
          if (accepted.some((e) => e.type === 'LicenceClosedOut')) {
            expect(accepted).toHaveLength(1);
            const before = fold(licenceDecider, events.slice(0, -1)) as IssuedLicence;
            expect({ ...issuedOf(state), closedOut: null }).toEqual(before);
          }
        });
      }),
      settings,
    );
  });
});
