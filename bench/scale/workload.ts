import { encode } from '@shtc/commands';
import {
  caseCodec,
  evolveCase,
  initialCaseState,
  isRefusal,
  licenceCodec,
  licenceDecider,
  makeCaseDecider,
  type Actor,
  type CaseCommand,
  type CaseState,
  type DomainEvent,
  type FiledCase,
  type FreeText,
  type LicenceCommand,
  type LicenceState,
} from '@shtc/domain';
import type { NewEvent } from '@shtc/event-store';
import { exportRules } from '@shtc/reference-data';
import { DESTINATIONS, TODAY, application, filedAndSubmitted } from '../queue/workload';

/**
 * The cases of the scale bench, decided by the case and licence deciders (the ones the command
 * path uses) and encoded as the command path appends them, so that every projection has its share
 * of the log: about 9 events a case, so 1,000,000 cases are about 9,000,000 events.
 *
 * Case i is filed (standard route) to one of ten destinations by one of applicantsFor(cases), gets its
 * five documents and is submitted on one of the 90 days before TODAY (7 events), then by i % 20:
 *   0–6  stays unclaimed in initial review        10–11 awaits documents       13 in second review
 *   7–9  is claimed there                          12    is in consultation     14 claimed there too
 *   15   is rejected
 *   16–19 is approved by a second reviewer and its licence issued (a licence stream); for 18 and
 *         19, customs compares a declaration and releases part of the goods.
 *
 * Deciding a case costs about a millisecond (the filing checks), so TEMPLATES cases are decided
 * and case i is template i % TEMPLATES with its own case number, licence number and applicant (the
 * template's are replaced in the encoded JSON, where they occur nowhere else).
 */
export const TEMPLATES = 900; // lcm of 20 scenarios (10 destinations), 90 days and 50 reviewers
const REVIEWERS: Actor[] = Array.from({ length: 50 }, (_, i) => ({ accountId: `acc-r${i}`, role: 'REVIEWER', businessId: `R${String(i).padStart(3, '0')}` }));
const CUSTOMS: Actor = { accountId: 'acc-customs', role: 'CUSTOMS', businessId: 'CUSTOMS' };
const text = (value: string) => value as FreeText;
const caseDecider = makeCaseDecider(exportRules());

export const caseNoOf = (i: number) => `SHTC-2026-${String(i + 1).padStart(7, '0')}`;
export const licenceNoOf = (i: number) => `L-2026-${String(i + 1).padStart(7, '0')}`;
/**
 * One applicant per 200 cases, so that an applicant's list holds as many cases at every size and
 * the list's timing compares the sizes of the store, not of the answer.
 */
export const applicantsFor = (cases: number) => Math.max(1, Math.floor(cases / 200));
/** Applicant of case i among `applicants` (the business id its cases are listed by). */
export const applicantOf = (i: number, applicants: number) => String(10_000_000 + (i % applicants));

export interface StreamAppend {
  stream: string;
  events: NewEvent[];
}

interface Decided {
  event: DomainEvent;
  by: Actor;
  at: string;
}

/** The commands of case i, each with the instant it is issued; the approval's licence terms use the case's licence number. */
function caseCommands(i: number, caseNo: string): CaseCommand[] {
  const applicant: Actor = { accountId: `acc-a${i}`, role: 'APPLICANT', businessId: applicantOf(i, TEMPLATES) };
  const submitted = Date.parse(`${TODAY}T02:00:00.000Z`) - (1 + (i % 90)) * 86_400_000;
  const at = (hours: number) => new Date(submitted + hours * 3_600_000).toISOString();
  const reviewer = REVIEWERS[i % REVIEWERS.length];
  const second = REVIEWERS[(i + 1) % REVIEWERS.length];
  const claim = (by: Actor, hours: number): CaseCommand => ({ type: 'ClaimCase', assignee: { accountId: by.accountId, businessId: by.businessId, name: `Reviewer ${by.businessId}` }, by, at: at(hours) });
  const commands = filedAndSubmitted(caseNo, application(i, applicantOf(i, TEMPLATES)), applicant, at);
  const scenario = i % 20;
  if (scenario < 7) return commands;
  commands.push(claim(reviewer, 20));
  if (scenario < 10) return commands;
  if (scenario < 12) {
    commands.push({ type: 'RequestSupplement', documents: ['BUSINESS_LICENCE'], message: text('Please send the business licence'), replyBy: at(24 * 14).slice(0, 10), by: reviewer, at: at(26) });
  } else if (scenario === 12) {
    commands.push({ type: 'ReferToConsultation', agencies: [{ agency: 'MOEA-IDB', dueDate: at(24 * 30).slice(0, 10) }], note: text('End user unclear'), by: reviewer, at: at(26) });
  } else if (scenario === 15) {
    commands.push({ type: 'RejectCase', reasons: [text('End user not credible')], by: reviewer, at: at(26) });
  } else {
    commands.push({ type: 'ForwardToSecondReview', recommendation: 'APPROVE', note: text('Parties and goods check out'), by: reviewer, at: at(26) });
    if (scenario >= 14) commands.push(claim(second, 30));
    if (scenario >= 16) {
      const licence = { licenceNo: licenceNoOf(i), issuedOn: at(32).slice(0, 10), destinationInAllRegimes: false, destinationControlled: false, recentShipmentsToImporter: 0 };
      commands.push({ type: 'ApproveCase', note: text('Approved'), licence, by: second, at: at(32) });
    }
  }
  return commands;
}

function decideAll<C extends { by?: Actor; at: string }, S>(
  decide: (command: C, state: S) => ReturnType<typeof caseDecider.decide>,
  evolve: (state: S, event: never) => S,
  commands: C[],
  initial: S,
): { decided: Decided[]; state: S } {
  let state = initial;
  const decided: Decided[] = [];
  for (const command of commands) {
    const decision = decide(command, state);
    if (isRefusal(decision)) throw new Error(`${(command as { type?: string }).type} refused: ${decision.rule} ${decision.message}`);
    for (const event of decision) decided.push({ event, by: command.by ?? CUSTOMS, at: command.at });
    state = (decision as never[]).reduce(evolve, state);
  }
  return { decided, state };
}

/** Template case i: its case events, and its licence's events when approved. */
function decideTemplate(i: number): { caseEvents: Decided[]; licenceEvents: Decided[] } {
  const caseNo = caseNoOf(i);
  const filed = decideAll(
    (command: CaseCommand, state: CaseState) => caseDecider.decide(command, state),
    evolveCase as never,
    caseCommands(i, caseNo),
    initialCaseState,
  );
  if (filed.state.status !== 'APPROVED') return { caseEvents: filed.decided, licenceEvents: [] };
  const approvedAt = filed.decided[filed.decided.length - 1].at;
  const releasedAt = new Date(Date.parse(approvedAt) + 3 * 86_400_000).toISOString();
  const licenceCommands: LicenceCommand[] = [{ type: 'IssueLicence', approvedCase: filed.state as FiledCase, at: approvedAt }];
  if (i % 20 >= 18) {
    const { application: applied } = filed.state as FiledCase;
    const declarationNo = `AA/26/${String(i).padStart(3, '0').slice(-3)}/${String(10_000 + i).slice(-5)}`;
    licenceCommands.push(
      {
        type: 'CompareDeclaration', declarationNo, exporterId: applied.applicantId, destination: applied.destination, consigneeName: applied.buyer.name,
        items: [{ itemNo: 1, cccCode: '85414100001', quantity: '40', unit: 'PCE', amount: '4000', currency: 'USD' }], by: CUSTOMS, at: releasedAt,
      },
      { type: 'RecordRelease', declarationNo, releasedAt, items: [{ itemNo: 1, quantity: '40' }], by: CUSTOMS, at: releasedAt },
    );
  }
  const licence = decideAll(
    (command: LicenceCommand, state: LicenceState) => licenceDecider.decide(command, state) as never,
    licenceDecider.evolve as never,
    licenceCommands,
    licenceDecider.initialState,
  );
  return { caseEvents: filed.decided, licenceEvents: licence.decided };
}

/** Each template's events as JSON, case and licence numbers still the template's. */
const templates = new Map<number, { caseJson: string; licenceJson: string | null }>();

function encoded(codec: typeof caseCodec | typeof licenceCodec, decided: Decided[], correlationId: string): NewEvent[] {
  return decided.map(({ event, by, at }) => encode(codec as never, event as never, { actor: by, now: new Date(at), correlationId }));
}

/**
 * The appends of case i: its case stream, then its licence stream if it has one. Event ids are
 * fresh per case (a template's would repeat), as the command path gives each event its own.
 */
export function appendsOf(i: number, applicants: number): StreamAppend[] {
  const t = i % TEMPLATES;
  let template = templates.get(t);
  if (!template) {
    const { caseEvents, licenceEvents } = decideTemplate(t);
    template = {
      caseJson: JSON.stringify(encoded(caseCodec, caseEvents, caseNoOf(t))),
      licenceJson: licenceEvents.length > 0 ? JSON.stringify(encoded(licenceCodec, licenceEvents, caseNoOf(t))) : null,
    };
    templates.set(t, template);
  }
  const swaps: Array<[string, string]> = [
    [caseNoOf(t), caseNoOf(i)],
    [licenceNoOf(t), licenceNoOf(i)],
    // The applicant, as whole JSON strings: its business id and account id are prefixes of others'.
    [`"${applicantOf(t, TEMPLATES)}"`, `"${applicantOf(i, applicants)}"`],
    [`"acc-a${t}"`, `"acc-a${i % applicants}"`],
  ];
  const renumber = (json: string) => JSON.parse(swaps.reduce((text, [from, to]) => text.split(from).join(to), json)) as NewEvent[];
  const freshIds = (events: NewEvent[]) => events.map((event) => ({ ...event, metadata: { ...event.metadata, eventId: crypto.randomUUID() } }));
  const appends: StreamAppend[] = [{ stream: caseCodec.streamOf(caseNoOf(i)), events: freshIds(renumber(template.caseJson)) }];
  if (template.licenceJson) appends.push({ stream: licenceCodec.streamOf(licenceNoOf(i)), events: freshIds(renumber(template.licenceJson)) });
  return appends;
}

export { DESTINATIONS, TODAY };
