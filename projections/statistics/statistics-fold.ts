import {
  Decimal,
  caseCodec,
  licenceCodec,
  pausedWorkingDays,
  statusAfter,
  workingDaysOnClock,
  type Application,
  type CaseEvent,
  type CaseStatus,
  type GoodsItem,
  type LicenceEvent,
  type OfficeCalendar,
  type Route,
  type StatusChange,
} from '@shtc/domain';
import type { RecordedEvent } from '@shtc/event-store';
import type { Document } from '@shtc/read-store';
import { categoriesOf, type Dimensions } from './dimensions';
import { valueOfShare, type TallyChange, type ValueLine } from './tally';

/**
 * The statistics as a pure fold of the case and licence events (issue 14). Each event gives the
 * facts kept of its case or licence (what later events need) and its observations: what it adds
 * to the figures, on which Taipei date, under which dimensions. The projection adds observations
 * to per-day and per-month cells; the CLI's replay adds those of a range straight into its groups.
 * Both go through {@link foldStatisticsEvent}, so they count the same.
 */
export interface Observation {
  /** The Taipei date of the time the event records (its decision, release, expiry …). */
  on: string;
  dimensions: Dimensions;
  change: TallyChange;
}

/** What the fold keeps of a case between its events. */
export interface CaseFacts extends Document {
  /** The case number. */
  id: string;
  /** The revision of the last event folded that changed the facts or the figures: replays at or below it change nothing. */
  revision: number;
  dimensions: Dimensions;
  /** The review clock's input (R-REV-4) until the decision; emptied then, as nothing after a decision is timed. */
  statusHistory: StatusChange[];
  decided: boolean;
}

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

/** Where the fold keeps its facts: read-store documents for the projection, maps for the replay. */
export interface StatisticsFacts {
  case(caseNo: string): Promise<CaseFacts | null>;
  licence(licenceNo: string): Promise<LicenceFacts | null>;
  putCase(facts: CaseFacts): void;
  putLicence(facts: LicenceFacts): void;
}

/** The statuses that end a case: its decision. */
const DECISIONS: Partial<Record<CaseStatus, 'approved' | 'rejected' | 'closedForAmendment' | 'cancelled'>> = {
  APPROVED: 'approved',
  REJECTED: 'rejected',
  CLOSED_FOR_AMENDMENT: 'closedForAmendment',
  CANCELLED: 'cancelled',
};

/**
 * Whether the fold reads each event type: those that change a status (the domain's `statusAfter`),
 * a case's dimensions or a licence's figures. The others (uploads, claims, notes, screening,
 * agencies' single replies, declarations) are skipped before they are decoded: most of the log.
 * Every type of both streams is listed, so a new one does not compile until it is decided here.
 */
export const FOLDED_EVENT_TYPES: { readonly [T in CaseEvent['type'] | LicenceEvent['type']]: boolean } = {
  CaseRegistered: true,
  ExemptCaseFiled: true,
  ApplicationEdited: true,
  AttachmentAdded: false,
  AttachmentRemoved: false,
  ApplicationSubmitted: true,
  CaseCancelled: true,
  CaseClaimed: false,
  CaseReleased: false,
  CaseReassigned: false,
  SupplementRequested: true,
  SupplementProvided: true,
  CaseReferredToConsultation: true,
  ConsultationReplyRecorded: false,
  ConsultationCompleted: true,
  ForwardedToSecondReview: true,
  ReturnedToInitialReview: true,
  ClosedForAmendment: true,
  CaseRejected: true,
  CaseApproved: true,
  CaseNoteAdded: false,
  PartiesScreened: false,
  ScreeningHitDisposed: false,
  LicenceIssued: true,
  DeclarationCompared: false,
  GoodsReleased: true,
  LicenceExhausted: false,
  LicenceExpired: true,
  LicenceCancelled: true,
  BalanceReissued: true,
  LicenceCorrected: true,
  LicenceClosedOut: false,
};

const folded = new Set(Object.entries(FOLDED_EVENT_TYPES).filter(([, read]) => read).map(([type]) => type));

interface Folded<F> {
  facts: F | null;
  observations: Observation[];
}

/**
 * Folds one recorded event (decoded and upcast through its stream's codec): updates the facts of
 * its case or licence and answers its observations, or null when it changes nothing (a replayed
 * event, an upload, a note, another stream). Replays are idempotent: an event at or below the
 * revision the facts have folded is skipped.
 */
export async function foldStatisticsEvent(recorded: RecordedEvent, facts: StatisticsFacts, calendar: OfficeCalendar): Promise<Observation[] | null> {
  if (!folded.has(recorded.type)) return null;
  if (caseCodec.owns(recorded.stream)) {
    const event = caseCodec.decode(recorded);
    if (!event) return null;
    const caseNo = caseCodec.idOf(recorded.stream);
    const before = await facts.case(caseNo);
    if (before && recorded.revision <= before.revision) return null;
    const after = evolveCaseFacts(before, event, caseNo, calendar);
    if (!after.facts || (after.facts === before && after.observations.length === 0)) return null;
    facts.putCase({ ...after.facts, revision: recorded.revision });
    return after.observations;
  }
  if (licenceCodec.owns(recorded.stream)) {
    const event = licenceCodec.decode(recorded);
    if (!event) return null;
    const licenceNo = licenceCodec.idOf(recorded.stream);
    const before = await facts.licence(licenceNo);
    if (before && recorded.revision <= before.revision) return null;
    const issuingCase = event.type === 'LicenceIssued' ? await facts.case(event.data.caseNo) : null;
    const after = evolveLicenceFacts(before, event, licenceNo, issuingCase, calendar);
    if (!after.facts || (after.facts === before && after.observations.length === 0)) return null;
    facts.putLicence({ ...after.facts, revision: recorded.revision });
    return after.observations;
  }
  return null;
}

/** A case's facts after an event, and what the event counts. Statuses move by the domain's `statusAfter` alone. */
export function evolveCaseFacts(facts: CaseFacts | null, event: CaseEvent, caseNo: string, calendar: OfficeCalendar): Folded<CaseFacts> {
  const unchanged: Folded<CaseFacts> = { facts, observations: [] };
  if (event.type === 'CaseRegistered' || event.type === 'ExemptCaseFiled') {
    if (facts) return unchanged; // a case is filed once
    const filed = statusAfter(event)!;
    const dimensions = dimensionsOf(event.data.application);
    // An exempt case is submitted when it is filed (R-EXEMPT-2).
    const counts = event.type === 'ExemptCaseFiled' ? { filed: 1, submitted: 1 } : { filed: 1 };
    return {
      facts: { id: caseNo, revision: -1, dimensions, statusHistory: [filed], decided: false },
      observations: [{ on: calendar.dateOf(filed.at), dimensions, change: { counts } }],
    };
  }
  if (!facts || facts.decided) return unchanged;
  if (event.type === 'ApplicationEdited') return { facts: { ...facts, dimensions: dimensionsOf(event.data.application) }, observations: [] };
  const status = statusAfter(event);
  if (!status) return unchanged;

  const history = [...facts.statusHistory, status];
  const previous = facts.statusHistory[facts.statusHistory.length - 1];
  const decision = DECISIONS[status.status];
  const next: CaseFacts = { ...facts, statusHistory: decision ? [] : history, decided: decision !== undefined };
  const observe = (change: TallyChange): Folded<CaseFacts> => ({ facts: next, observations: [{ on: calendar.dateOf(status.at), dimensions: facts.dimensions, change }] });

  if (decision) {
    // Processing time (R-REV-4) for cases that were submitted; a case cancelled before submission has none.
    const days = workingDaysOnClock(facts.dimensions.route as Route, history, calendar, status.at);
    const reasons = event.type === 'CaseRejected' ? { rejected: event.data.reasons } : event.type === 'ClosedForAmendment' ? { closedForAmendment: event.data.reasons } : undefined;
    return observe({ counts: { [decision]: 1 }, ...(days === null ? {} : { durations: { processing: days } }), ...(reasons ? { reasons } : {}) });
  }
  switch (event.type) {
    case 'ApplicationSubmitted':
      return observe({ counts: { submitted: 1 } });
    case 'SupplementRequested':
      return observe({ counts: { supplementsRequested: 1 } });
    case 'SupplementProvided':
      // The working days the case's clock stood still: the applicant's time to answer (R-REV-4, R-REV-5).
      return observe({
        counts: { supplementsAnswered: 1 },
        ...(previous?.status === 'AWAITING_SUPPLEMENT' ? { durations: { supplementAnswer: pausedWorkingDays({ from: previous.at, to: status.at }, calendar) } } : {}),
      });
    case 'CaseReferredToConsultation':
      return observe({ counts: { consultationsReferred: 1 } });
    case 'ConsultationCompleted': {
      const referred = previous?.status === 'CONSULTATION' ? previous.at : null;
      const days = referred === null ? null : Math.max(0, calendar.workingDaysBetween(calendar.dateOf(referred), calendar.dateOf(status.at)));
      return observe({ counts: { consultationsCompleted: 1 }, ...(days === null ? {} : { durations: { consultation: days } }) });
    }
    case 'ReturnedToInitialReview':
      return observe({ counts: { returnsFromSecondReview: 1 } });
    default:
      return { facts: next, observations: [] };
  }
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

function dimensionsOf(application: Application): Dimensions {
  return { route: application.route, kind: application.kind, destination: application.destination, categories: categoriesOf(application.items) };
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
