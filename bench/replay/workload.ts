import { encode } from '@shtc/commands';
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
import type { NewEvent } from '@shtc/event-store';
import { exportRules } from '@shtc/reference-data';
import { application } from '../queue/workload';

/**
 * Case histories decided by the case decider (the one the command path uses) and encoded by the
 * codec with complete envelopes (`encode`, as commands append them): what the bench folds and
 * what it fills the store with.
 *
 * A case is filed (standard route), gets its five documents, is submitted and claimed (8 events),
 * then goes through `cycles` rounds of review of 4 events each: the reviewer asks for a document,
 * the applicant uploads it and sends the supplement back, the reviewer notes it. Ordinary cases
 * then end one of four ways (forwarded to second review, rejected, referred to consultation, or
 * still in initial review); the long case of the fold is 248 rounds: 1,000 events.
 */
export const LONG_CASE_CYCLES = 248;
const decider = makeCaseDecider(exportRules());
const FIVE: AttachmentType[] = ['END_USE_ASSURANCE', 'RED_FLAG_AFFIDAVIT', 'CATALOGUE', 'TRANSACTION_DOCUMENT', 'END_USER_INTRODUCTION'];
const ASKED: AttachmentType[] = ['BUSINESS_LICENCE', 'CATALOGUE', 'TRANSACTION_DOCUMENT'];
const text = (value: string) => value as FreeText;

export interface DecidedEvent {
  event: CaseEvent;
  by: Actor;
  at: string;
}

/** The commands of case i, in order, an hour apart from 2026-06-01 on (working days to spare). */
function* commandsOf(i: number, caseNo: string, cycles: number, ending: number): Generator<CaseCommand> {
  const applicantId = String(10_000_000 + (i % 5_000));
  const applicant: Actor = { accountId: `acc-a${i % 5_000}`, role: 'APPLICANT', businessId: applicantId };
  const reviewer: Actor = { accountId: `acc-r${i % 50}`, role: 'REVIEWER', businessId: `R${String(i % 50).padStart(3, '0')}` };
  let hour = 0;
  const at = () => new Date(Date.parse('2026-06-01T01:00:00.000Z') + hour++ * 3_600_000).toISOString();
  const upload = (type: AttachmentType, n: number): CaseCommand => ({
    type: 'AddAttachment',
    attachment: { attachmentId: `${caseNo}-${n}`, type, fileName: `${type.toLowerCase()}-${n}.pdf`, size: 12_345 + n, sha256: 'ab'.repeat(32), mediaType: 'application/pdf' },
    by: applicant,
    at: at(),
  });
  yield { type: 'FileApplication', caseNo, application: application(i, applicantId), warnings: [], by: applicant, agentId: null, assurance: null, endUse: null, at: at() };
  for (const [n, type] of FIVE.entries()) yield upload(type, n);
  yield { type: 'SubmitApplication', endUse: 'Optical test benches for telecom research', by: applicant, at: at() };
  yield { type: 'ClaimCase', assignee: { accountId: reviewer.accountId, businessId: reviewer.businessId, name: `Reviewer ${reviewer.businessId}` }, by: reviewer, at: at() };
  for (let round = 0; round < cycles; round++) {
    const asked = ASKED[round % ASKED.length];
    const requestedAt = at();
    const replyBy = new Date(Date.parse(requestedAt) + 14 * 86_400_000).toISOString().slice(0, 10);
    yield { type: 'RequestSupplement', documents: [asked], message: text(`Please send the ${asked.toLowerCase().replace(/_/g, ' ')} (round ${round + 1})`), replyBy, by: reviewer, at: requestedAt };
    yield upload(asked, 5 + round);
    yield { type: 'ProvideSupplement', note: text(`Round ${round + 1}: uploaded as asked`), by: applicant, at: at() };
    yield { type: 'AddNote', noteId: `${caseNo}-note-${round}`, text: text(`Checked the ${asked.toLowerCase()} of round ${round + 1}`), by: reviewer, at: at() };
  }
  if (ending === 1) yield { type: 'ForwardToSecondReview', recommendation: 'APPROVE', note: text('Parties and goods check out'), by: reviewer, at: at() };
  if (ending === 2) yield { type: 'RejectCase', reasons: [text('End user not credible')], by: reviewer, at: at() };
  if (ending === 3) {
    const dueDate = new Date(Date.parse(at()) + 30 * 86_400_000).toISOString().slice(0, 10);
    yield { type: 'ReferToConsultation', agencies: [{ agency: 'MOEA-IDB', dueDate }], note: text('End user unclear'), by: reviewer, at: at() };
  }
}

/** Case i's events as the decider decides them, each with who and when. */
export function decideCase(i: number, caseNo: string, cycles: number, ending = 0): DecidedEvent[] {
  let state: CaseState = initialCaseState;
  const decided: DecidedEvent[] = [];
  for (const command of commandsOf(i, caseNo, cycles, ending)) {
    const decision = decider.decide(command, state);
    if (isRefusal(decision)) throw new Error(`case ${caseNo}: ${command.type} refused: ${decision.rule} ${decision.message}`);
    for (const event of decision) decided.push({ event, by: command.by, at: command.at });
    state = decision.reduce(evolveCase, state);
  }
  return decided;
}

/** Encoded as the command path appends them: the codec's schema version, a full envelope. */
export function encodeCase(caseNo: string, decided: DecidedEvent[]): NewEvent[] {
  return decided.map(({ event, by, at }) => {
    const data = event.type === 'CaseRegistered' ? { ...event.data, caseNo } : event.data;
    return encode(caseCodec, { ...event, data } as CaseEvent, { actor: by, now: new Date(at), correlationId: `${caseNo}-${at}` });
  });
}

/** Deciding a case costs about a millisecond (the filing checks): the store's cases reuse 240 decided ones under their own numbers. */
const TEMPLATES = 240;
const templates = new Map<number, DecidedEvent[]>();

/** The case number of store case i. */
export const caseNoOf = (i: number) => `SHTC-2026-${String(i + 1).padStart(7, '0')}`;

/** Store case i: 0 to 3 review rounds and one of four endings, 8 to 21 events (about 14). */
export function storeCase(i: number): NewEvent[] {
  const template = i % TEMPLATES;
  let decided = templates.get(template);
  if (!decided) templates.set(template, (decided = decideCase(template, caseNoOf(template), template % 4, Math.floor(template / 4) % 4)));
  return encodeCase(caseNoOf(i), decided);
}
