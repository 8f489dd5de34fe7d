import {
  CASE_TRANSITIONS,
  Decimal,
  LICENCE_TRANSITIONS,
  caseCodec,
  evolveCase,
  evolveLicence,
  initialCaseState,
  initialLicenceState,
  licenceCodec,
  type Actor,
  type CaseCommandType,
  type CaseEvent,
  type CaseState,
  type FiledCase,
  type IssuedLicence,
  type LicenceCommandType,
  type LicenceEvent,
  type LicenceState,
} from '@shtc/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@shtc/event-store';
import type { TestApp } from '@shtc/testing';

/**
 * The command whose decision records each case event. `follows` events are recorded with the
 * one before them by the same command (the last consultation reply completes the consultation).
 */
const CASE_COMMAND_OF: { readonly [K in CaseEvent['type']]: CaseCommandType | 'follows' | ((event: Extract<CaseEvent, { type: K }>) => CaseCommandType) } = {
  CaseRegistered: 'FileApplication',
  ExemptCaseFiled: 'FileApplication',
  ApplicationEdited: 'EditApplication',
  AttachmentAdded: 'AddAttachment',
  AttachmentRemoved: 'RemoveAttachment',
  ApplicationSubmitted: 'SubmitApplication',
  // Before submission the applicant's own cancellation; after it, a reviewer's on request (R-NEW-5).
  CaseCancelled: (event) => (event.data.by.role === 'REVIEWER' ? 'CancelOnRequest' : 'CancelApplication'),
  CaseClaimed: 'ClaimCase',
  CaseReleased: 'ReleaseCase',
  CaseReassigned: 'ReassignCase',
  SupplementRequested: 'RequestSupplement',
  SupplementProvided: 'ProvideSupplement',
  CaseReferredToConsultation: 'ReferToConsultation',
  ConsultationReplyRecorded: 'RecordConsultationReply',
  ConsultationCompleted: 'follows',
  ForwardedToSecondReview: 'ForwardToSecondReview',
  ReturnedToInitialReview: 'ReturnToInitialReview',
  ClosedForAmendment: 'CloseForAmendment',
  CaseRejected: 'RejectCase',
  CaseApproved: 'ApproveCase',
  CaseNoteAdded: 'AddNote',
  // At submission (with ApplicationSubmitted), or when a list is loaded: either way in review.
  PartiesScreened: 'ScreenParties',
  ScreeningHitDisposed: 'DisposeScreeningHit',
};

const LICENCE_COMMAND_OF: { readonly [K in LicenceEvent['type']]: LicenceCommandType | 'follows' } = {
  LicenceIssued: 'IssueLicence',
  DeclarationCompared: 'CompareDeclaration',
  GoodsReleased: 'RecordRelease',
  LicenceExhausted: 'follows',
  LicenceExpired: 'ExpireLicence',
  LicenceCancelled: 'CancelLicence',
  BalanceReissued: 'ReissueBalance',
  LicenceCorrected: 'CorrectLicence',
  LicenceClosedOut: 'CloseOutLicence',
};

const FOLLOWED_BY: Partial<Record<string, string>> = { ConsultationCompleted: 'ConsultationReplyRecorded', LicenceExhausted: 'GoodsReleased' };

/** Where a stream breaks the transition table: one line per event that was not open in the state before it. */
export interface Violation {
  stream: string;
  revision: number;
  type: string;
  problem: string;
}

/**
 * Replays a case stream through the decider's evolve and checks, with the transition table the
 * domain exports, that each event's command was open in the state before it: its status among
 * the command's `from`, and no `closedWhen` rule (another reviewer's claim, R-REV-3…) against
 * the person it records. Returns the folded state and every violation.
 */
export function replayCase(history: readonly RecordedEvent[]): { state: CaseState; violations: Violation[] } {
  let state: CaseState = initialCaseState;
  const violations: Violation[] = [];
  let previous: RecordedEvent | null = null;
  for (const recorded of history) {
    const event = caseCodec.decode(recorded);
    const at = { stream: recorded.stream, revision: recorded.revision, type: recorded.type };
    if (!event) {
      violations.push({ ...at, problem: 'not a case event' });
      continue;
    }
    const mapped = CASE_COMMAND_OF[event.type] as CaseCommandType | 'follows' | ((e: CaseEvent) => CaseCommandType);
    const command = typeof mapped === 'function' ? mapped(event) : mapped;
    if (command === 'follows') {
      if (!followsItsCommand(recorded, previous)) violations.push({ ...at, problem: `not recorded with a ${FOLLOWED_BY[event.type]} of the same command` });
    } else {
      const problem = closedInCase(command, state, byOf(event.data));
      if (problem) violations.push({ ...at, problem: `${command}: ${problem}` });
    }
    state = evolveCase(state, event);
    previous = recorded;
  }
  return { state, violations };
}

function closedInCase(command: CaseCommandType, state: CaseState, by: Actor | null): string | null {
  const transition = CASE_TRANSITIONS[command];
  if (!transition.from.includes(state.status)) return `not open while ${state.status} (open: ${transition.from.join(', ')})`;
  if (state.status === 'NONE') return null;
  const refusal = transition.closedWhen?.(state as FiledCase, by);
  return refusal ? `closed by ${refusal.rule}: ${refusal.message}` : null;
}

/**
 * The same for a licence stream, with the licence's table (status, validity at the time the
 * event was recorded, single shipment…), and no item's balance ever below zero nor above its
 * licensed quantity (R-LIC-4, R-BAL-2): shipped + balance = quantity.
 */
export function replayLicence(history: readonly RecordedEvent[]): { state: LicenceState; violations: Violation[] } {
  let state: LicenceState = initialLicenceState;
  const violations: Violation[] = [];
  let previous: RecordedEvent | null = null;
  for (const recorded of history) {
    const event = licenceCodec.decode(recorded);
    const at = { stream: recorded.stream, revision: recorded.revision, type: recorded.type };
    if (!event) {
      violations.push({ ...at, problem: 'not a licence event' });
      continue;
    }
    const command = LICENCE_COMMAND_OF[event.type];
    if (command === 'follows') {
      if (!followsItsCommand(recorded, previous)) violations.push({ ...at, problem: `not recorded with a ${FOLLOWED_BY[event.type]} of the same command` });
    } else {
      const transition = LICENCE_TRANSITIONS[command];
      if (!transition.from.includes(state.status)) violations.push({ ...at, problem: `${command}: not open while ${state.status}` });
      else if (state.status !== 'NONE') {
        const refusal = transition.closedWhen?.(state as IssuedLicence, recorded.metadata.occurredAt);
        if (refusal) violations.push({ ...at, problem: `${command}: closed by ${refusal.rule}: ${refusal.message}` });
      }
    }
    state = evolveLicence(state, event);
    if (state.status !== 'NONE') {
      for (const item of state.items) {
        const balance = Decimal.fromStored(item.balance);
        const sum = Decimal.fromStored(item.shipped).add(balance);
        if (balance.isNegative()) violations.push({ ...at, problem: `item ${item.itemNo}: balance ${item.balance} is below zero` });
        if (sum.compare(Decimal.fromStored(item.quantity)) !== 0) violations.push({ ...at, problem: `item ${item.itemNo}: shipped ${item.shipped} + balance ${item.balance} is not ${item.quantity}` });
      }
    }
    previous = recorded;
  }
  return { state, violations };
}

/** A follower is the next revision after its leader, in the same command (same correlation and time). */
function followsItsCommand(recorded: RecordedEvent, previous: RecordedEvent | null): boolean {
  return (
    previous !== null &&
    previous.type === FOLLOWED_BY[recorded.type] &&
    previous.revision === recorded.revision - 1 &&
    previous.metadata.correlationId === recorded.metadata.correlationId
  );
}

function byOf(data: unknown): Actor | null {
  return (data as { by?: Actor }).by ?? null;
}

/** Every stream of a category in the app's event store (`case-`, `licence-`), read in full, in revision order. */
export async function streamsOf(t: TestApp, category: 'case' | 'licence'): Promise<Map<string, RecordedEvent[]>> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  const streams = new Map<string, RecordedEvent[]>();
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, limit: 1000 });
    for (const event of page) {
      if (!event.stream.startsWith(`${category}-`)) continue;
      const events = streams.get(event.stream) ?? [];
      events.push(event);
      streams.set(event.stream, events);
    }
    if (page.length < 1000) break;
    after = page[page.length - 1].position;
  }
  for (const events of streams.values()) events.sort((a, b) => a.revision - b.revision);
  return streams;
}
