import { randomUUID } from 'node:crypto';
import {
  caseCodec,
  evolveCase,
  initialCaseState,
  isRefusal,
  makeCaseDecider,
  type Actor,
  type Application,
  type AttachmentType,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type FreeText,
} from '@shtc/domain';
import type { EventStore, RecordedEvent } from '@shtc/event-store';
import { exportRules } from '@shtc/reference-data';

/**
 * The bench's cases, decided by the case decider (the same one the command path uses) and
 * encoded at the codec's schema versions, generated as the projection runner reads them: a
 * million cases are never held in memory.
 *
 * Case i is filed to one of DESTINATIONS, submitted on one of the 90 days before TODAY, and then,
 * by i % 20: stays unclaimed in initial review (8 of 20), is claimed there (4), awaits documents
 * (2), is in consultation (2), in second review (2), or is decided (2), by one of 50 reviewers.
 *
 * Deciding a case costs about 0.65 ms here (the filing checks), so TEMPLATES cases are decided,
 * one for each combination of those choices, and case i is template i % TEMPLATES under its own
 * case number. The five uploads submission requires are decided too, but left out of the log
 * unless BENCH_ATTACHMENTS=1: the projection writes nothing for them, and they would be 5 of
 * every 8 events read.
 */
export const TODAY = '2027-03-31';
export const DESTINATIONS = ['DE', 'US', 'JP', 'FR', 'GB', 'NL', 'SG', 'KR', 'IT', 'SE'] as const;
const FIVE: AttachmentType[] = ['END_USE_ASSURANCE', 'RED_FLAG_AFFIDAVIT', 'CATALOGUE', 'TRANSACTION_DOCUMENT', 'END_USER_INTRODUCTION'];
export const TEMPLATES = 900; // lcm of 20 scenarios (10 destinations), 90 days and 50 reviewers
const WITH_ATTACHMENTS = process.env.BENCH_ATTACHMENTS === '1';
const REVIEWERS: Actor[] = Array.from({ length: 50 }, (_, i) => ({ accountId: `acc-r${i}`, role: 'REVIEWER', businessId: `R${String(i).padStart(3, '0')}` }));
const text = (value: string) => value as FreeText;
const decider = makeCaseDecider(exportRules());

/** The standard application of bench case i: one of 5,000 applicants, 10 destinations, 997 buyers. */
export function application(i: number, applicantId = String(10_000_000 + (i % 5_000))): Application {
  const destination = DESTINATIONS[i % DESTINATIONS.length];
  return {
    kind: 'NEW',
    route: 'STANDARD',
    applicantId,
    companyEmail: 'export@formosa.example',
    destination,
    transshipmentPort: null,
    partialShipments: true,
    buyer: { name: `Buyer ${i % 997} Ltd.`, address: '1 Main Street', country: destination },
    consignee: { sameAsBuyer: true },
    endUser: { name: `Buyer ${i % 997} Ltd.`, address: '1 Main Street', country: destination },
    reExport: null,
    exemption: null,
    assuranceNo: null,
    items: [
      {
        itemNo: 1, goodsName: 'Single-mode fibre laser module', brand: 'Formosa', model: 'FL-200', spec: '1550 nm, 2 W',
        cccCode: '85414100001', eccn: '5A002.a', quantity: '100.5', unit: 'PCE', amount: '12000', currency: 'USD',
      },
    ],
  };
}

/** A standard case filed, its five documents uploaded and submitted: commands at(-2), at(-1) and at(0). */
export function filedAndSubmitted(caseNo: string, filed: Application, applicant: Actor, at: (hours: number) => string): CaseCommand[] {
  return [
    { type: 'FileApplication', caseNo, application: filed, warnings: [], by: applicant, agentId: null, assurance: null, endUse: null, at: at(-2) },
    ...FIVE.map((type, n): CaseCommand => ({
      type: 'AddAttachment',
      attachment: { attachmentId: `${caseNo}-${n}`, type, fileName: `${type.toLowerCase()}.pdf`, size: 1234, sha256: 'a'.repeat(64), mediaType: 'application/pdf' },
      by: applicant,
      at: at(-1),
    })),
    { type: 'SubmitApplication', endUse: 'Optical test benches for telecom research', by: applicant, at: at(0) },
  ];
}

/** The commands of case i, in order, each given the instant it is issued. */
function commandsOf(i: number, caseNo: string): CaseCommand[] {
  const applicant: Actor = { accountId: `acc-a${i % 5_000}`, role: 'APPLICANT', businessId: String(10_000_000 + (i % 5_000)) };
  const submitted = Date.parse(`${TODAY}T02:00:00.000Z`) - (1 + (i % 90)) * 86_400_000;
  const at = (hours: number) => new Date(submitted + hours * 3_600_000).toISOString();
  const reviewer = REVIEWERS[i % REVIEWERS.length];
  const second = REVIEWERS[(i + 1) % REVIEWERS.length];
  const claim = (by: Actor, hours: number): CaseCommand => ({ type: 'ClaimCase', assignee: { accountId: by.accountId, businessId: by.businessId, name: `Reviewer ${by.businessId}` }, by, at: at(hours) });
  const commands = filedAndSubmitted(caseNo, application(i), applicant, at);
  const scenario = i % 20;
  if (scenario < 8) return commands;
  commands.push(claim(reviewer, 20));
  if (scenario < 12) return commands;
  if (scenario < 14) {
    commands.push({ type: 'RequestSupplement', documents: ['BUSINESS_LICENCE'], message: text('Please send the business licence'), replyBy: at(24 * 14).slice(0, 10), by: reviewer, at: at(26) });
  } else if (scenario < 16) {
    commands.push({ type: 'ReferToConsultation', agencies: [{ agency: 'MOEA-IDB', dueDate: at(24 * 30).slice(0, 10) }], note: text('End user unclear'), by: reviewer, at: at(26) });
  } else if (scenario < 18) {
    commands.push({ type: 'ForwardToSecondReview', recommendation: 'APPROVE', note: text('Parties and goods check out'), by: reviewer, at: at(26) });
    if (scenario === 17) commands.push(claim(second, 30));
  } else {
    commands.push({ type: 'RejectCase', reasons: [text('End user not credible')], by: reviewer, at: at(26) });
  }
  return commands;
}

/** The events of template case i through the decider. */
function decided(i: number): CaseEvent[] {
  const caseNo = `SHTC-2026-${String(i + 1).padStart(7, '0')}`;
  let state: CaseState = initialCaseState;
  const events: CaseEvent[] = [];
  for (const command of commandsOf(i, caseNo)) {
    const decision = decider.decide(command, state);
    if (isRefusal(decision)) throw new Error(`case ${i}: ${command.type} refused: ${decision.rule} ${decision.message}`);
    events.push(...decision);
    state = decision.reduce(evolveCase, state);
  }
  return WITH_ATTACHMENTS ? events : events.filter((event) => event.type !== 'AttachmentAdded');
}

const templates = new Map<number, CaseEvent[]>();

/** The events of case i, as the store would hand them to projections (hashes aside). */
export function eventsOf(i: number, firstPosition: bigint): RecordedEvent[] {
  const template = i % TEMPLATES;
  let events = templates.get(template);
  if (!events) templates.set(template, (events = decided(template)));
  const caseNo = `SHTC-2026-${String(i + 1).padStart(7, '0')}`;
  const stream = caseCodec.streamOf(caseNo);
  return events.map((event, revision) => ({
    stream,
    revision,
    position: firstPosition + BigInt(revision),
    type: event.type,
    data: event.type === 'CaseRegistered' ? { ...event.data, caseNo } : event.data,
    metadata: {
      eventId: randomUUID(), occurredAt: new Date().toISOString(), actor: (event.data as { by?: Actor }).by ?? REVIEWERS[0],
      correlationId: caseNo, causationId: caseNo, schemaVersion: caseCodec.schemaVersion(event.type), prevHash: '', hash: '',
    },
  }));
}

/**
 * A read-only event log of `cases` generated cases, read forward once (as a rebuild reads it):
 * what the projection runner needs of an EventStore.
 */
export function generatedLog(cases: number): EventStore & { generated: () => number } {
  let nextCase = 0;
  let position = 0n;
  let pending: RecordedEvent[] = [];
  let generated = 0;
  const fill = (count: number) => {
    while (pending.length < count && nextCase < cases) {
      const events = eventsOf(nextCase++, position + 1n);
      position += BigInt(events.length);
      pending.push(...events);
    }
  };
  const log = {
    async headPosition() {
      // Unknown until generated: ahead of what was read while cases remain.
      return nextCase < cases ? position + 1n : position;
    },
    async readAll({ after = 0n, limit = 500 }: { after?: bigint; limit?: number } = {}) {
      fill(limit);
      if (pending.length > 0 && pending[0].position !== after + 1n) throw new Error(`the generated log is read forward only (after ${after}, next ${pending[0].position})`);
      const page = pending.slice(0, limit);
      pending = pending.slice(limit);
      generated += page.length;
      return page;
    },
    generated: () => generated,
  };
  return log as unknown as EventStore & { generated: () => number };
}
