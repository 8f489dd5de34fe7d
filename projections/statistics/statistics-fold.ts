import { caseCodec, licenceCodec, type CaseEvent, type LicenceEvent, type OfficeCalendar } from '@shtc/domain';
import type { RecordedEvent } from '@shtc/event-store';
import { evolveCaseFacts, type CaseFacts } from './case-facts';
import type { Dimensions } from './dimensions';
import { evolveLicenceFacts, type LicenceFacts } from './licence-facts';
import type { TallyChange } from './tally';

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

/** Where the fold keeps its facts: read-store documents for the projection, maps for the replay. */
export interface StatisticsFacts {
  case(caseNo: string): Promise<CaseFacts | null>;
  licence(licenceNo: string): Promise<LicenceFacts | null>;
  putCase(facts: CaseFacts): void;
  putLicence(facts: LicenceFacts): void;
}

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

export interface Folded<F> {
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

