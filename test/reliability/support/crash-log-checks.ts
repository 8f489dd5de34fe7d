/**
 * What the event log must show after the crashes, read from the stopped server's events.sqlite
 * through the repo's SqliteEventStore: every acknowledged command's events; every case stream a
 * legal sequence (each event's command open in the state before it, by the decider's own
 * transition table and `evolve`), each command whole and once; every approval's licence opened;
 * no case or licence number handed out twice.
 */
import { join } from 'node:path';
import {
  caseCodec,
  caseDecider,
  licenceCodec,
  refusedByTransitions,
  type CaseCommandType,
  type CaseEvent,
  type CaseState,
} from '@shtc/domain';
import { SqliteEventStore, type RecordedEvent } from '@shtc/event-store';
import type { Acknowledged } from './crash-client';

export async function readLog(dataDir: string): Promise<RecordedEvent[]> {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await store.readAll({ after: events.at(-1)?.position ?? 0n, limit: 1000 });
      if (page.length === 0) return events;
      events.push(...page);
    }
  } finally {
    await store.close();
  }
}

/**
 * The event each acknowledged command must have left, in which stream, and where its answer's
 * position may point: an approval answers the position of the licence it opened, written last.
 */
const RECORDS: Record<string, { type: string; stream(ack: Acknowledged): string | null; alsoAt?(ack: Acknowledged): string }> = {
  register: { type: 'AccountRegistered', stream: () => null },
  file: { type: 'CaseRegistered', stream: (ack) => caseCodec.streamOf(String(ack.body.caseNo)) },
  upload: { type: 'AttachmentAdded', stream: (ack) => caseCodec.streamOf(caseNoIn(ack.path)) },
  submit: { type: 'ApplicationSubmitted', stream: (ack) => caseCodec.streamOf(caseNoIn(ack.path)) },
  claim: { type: 'CaseClaimed', stream: (ack) => caseCodec.streamOf(caseNoIn(ack.path)) },
  forward: { type: 'ForwardedToSecondReview', stream: (ack) => caseCodec.streamOf(caseNoIn(ack.path)) },
  approve: {
    type: 'CaseApproved',
    stream: (ack) => caseCodec.streamOf(caseNoIn(ack.path)),
    alsoAt: (ack) => licenceCodec.streamOf(String(ack.body.licenceNo)),
  },
  declare: { type: 'DeclarationCompared', stream: (ack) => licenceCodec.streamOf(String(ack.body.licenceNo)) },
  release: { type: 'GoodsReleased', stream: (ack) => licenceCodec.streamOf(String(ack.body.licenceNo)) },
};

function caseNoIn(path: string): string {
  const match = /\/(SHTC-\d{4}-\d{6})\//.exec(path);
  if (!match) throw new Error(`no case number in ${path}`);
  return match[1];
}

/** Every command answered 2xx: the event at its answer's position is its own, in its stream. */
export function missingAcknowledged(acks: Acknowledged[], log: RecordedEvent[]): string[] {
  const byPosition = new Map(log.map((event) => [event.position, event]));
  const problems: string[] = [];
  for (const ack of acks) {
    const record = RECORDS[ack.kind];
    if (!record) continue;
    const at = byPosition.get(BigInt(String(ack.body.position)));
    const stream = record.stream(ack);
    const where = `${ack.kind} ${ack.path} (key ${ack.key}, position ${String(ack.body.position)})`;
    if (!at) {
      problems.push(`${where}: no event at that position`);
    } else if (stream === null) {
      if (at.type !== record.type || (at.data as { accountId?: string }).accountId !== ack.body.accountId) problems.push(`${where}: the event there is ${at.type} of ${at.stream}`);
    } else if (at.stream !== stream && at.stream !== record.alsoAt?.(ack)) {
      problems.push(`${where}: the event there is ${at.type} of ${at.stream}, not of ${stream}`);
    } else if (!log.some((event) => event.stream === stream && event.type === record.type && event.position <= at.position)) {
      problems.push(`${where}: ${stream} has no ${record.type}`);
    }
  }
  return problems;
}

/** The command each case event records, to ask the transition table whether it was open. */
const COMMAND_OF: Partial<Record<CaseEvent['type'], CaseCommandType>> = {
  CaseRegistered: 'FileApplication',
  AttachmentAdded: 'AddAttachment',
  ApplicationSubmitted: 'SubmitApplication',
  CaseClaimed: 'ClaimCase',
  ForwardedToSecondReview: 'ForwardToSecondReview',
  CaseApproved: 'ApproveCase',
};
/** What the load's clients do to a case, one command each, in this order. */
const LIFECYCLE = ['CaseRegistered', 'AttachmentAdded', 'AttachmentAdded', 'AttachmentAdded', 'AttachmentAdded', 'AttachmentAdded', 'ApplicationSubmitted', 'CaseClaimed', 'ForwardedToSecondReview', 'CaseApproved'];

export interface StreamFigures {
  cases: number;
  casesApproved: number;
  licences: number;
  caseNumbersAllocated: number;
  /** Numbers allocated whose case was never filed (a crash between the two: README, "Case numbers"). */
  caseNumberGaps: number;
}

/** Case streams legal and whole, licences opened once per approval, numbers unique. */
export function streamProblems(log: RecordedEvent[]): { problems: string[]; figures: StreamFigures } {
  const problems: string[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of log) {
    if (!streams.has(event.stream)) streams.set(event.stream, []);
    streams.get(event.stream)!.push(event);
  }
  const approvals = new Map<string, string>(); // licenceNo → caseNo
  let cases = 0;
  for (const [stream, events] of streams) {
    if (!caseCodec.owns(stream)) continue;
    cases++;
    const caseNo = caseCodec.idOf(stream);
    let state: CaseState = caseDecider.initialState;
    const commands: string[] = [];
    const seenDocuments = new Set<string>();
    events.forEach((recorded, i) => {
      const where = `${stream} revision ${recorded.revision} (${recorded.type})`;
      if (recorded.revision !== i) problems.push(`${where}: revision ${i} expected`);
      const event = caseCodec.decode(recorded);
      if (!event) return void problems.push(`${where}: not a case event`);
      // One command's events are one append: the same correlation id, contiguous.
      const previous = events[i - 1];
      if (previous && previous.metadata.correlationId !== recorded.metadata.correlationId && commands.includes(recorded.metadata.correlationId)) {
        problems.push(`${where}: its command's events are split`);
      }
      if (!previous || previous.metadata.correlationId !== recorded.metadata.correlationId) commands.push(recorded.metadata.correlationId);
      const command = COMMAND_OF[event.type];
      if (command) {
        const refused = refusedByTransitions({ type: command, by: recorded.metadata.actor }, state);
        if (refused) problems.push(`${where}: ${command} was not open (${refused.rule}: ${refused.message})`);
      }
      if (event.type === 'CaseRegistered' && event.data.caseNo !== caseNo) problems.push(`${where}: registers ${event.data.caseNo}`);
      if (event.type === 'AttachmentAdded') {
        if (seenDocuments.has(event.data.type)) problems.push(`${where}: ${event.data.type} attached twice (a command run twice)`);
        seenDocuments.add(event.data.type);
      }
      if (event.type === 'CaseApproved') {
        const licenceNo = event.data.licence.licenceNo;
        if (approvals.has(licenceNo)) problems.push(`${where}: licence ${licenceNo} was issued to ${approvals.get(licenceNo)} already`);
        approvals.set(licenceNo, caseNo);
      }
      state = caseDecider.evolve(state, event);
    });
    // Each of the clients' commands once, in their order (screening events may follow a submission).
    const types = events.map((e) => e.type).filter((type) => type !== 'PartiesScreened');
    if (types.some((type, i) => type !== LIFECYCLE[i])) problems.push(`${stream}: ${types.join(', ')} is not the lifecycle's order, each command once`);
  }

  let licences = 0;
  for (const [stream, events] of streams) {
    if (!licenceCodec.owns(stream)) continue;
    licences++;
    const licenceNo = licenceCodec.idOf(stream);
    const issued = events.filter((e) => e.type === 'LicenceIssued');
    if (issued.length !== 1) problems.push(`${stream}: issued ${issued.length} times`);
    const caseNo = (issued[0]?.data as { caseNo?: string } | undefined)?.caseNo;
    if (caseNo !== approvals.get(licenceNo)) problems.push(`${stream}: issued for ${caseNo}, approved in ${approvals.get(licenceNo)}`);
    for (const type of ['DeclarationCompared', 'GoodsReleased']) {
      if (events.filter((e) => e.type === type).length > 1) problems.push(`${stream}: ${type} recorded more than once`);
    }
  }
  for (const [licenceNo, caseNo] of approvals) {
    if (!streams.has(licenceCodec.streamOf(licenceNo))) problems.push(`${caseNo} approved licence ${licenceNo}, which was never opened`);
  }

  let allocated = 0;
  let gaps = 0;
  for (const [stream, events] of streams) {
    const match = /^sequence-SHTC-(\d{4})$/.exec(stream);
    if (!match) continue;
    allocated += events.length;
    for (const event of events) {
      if (!streams.has(caseCodec.streamOf(`SHTC-${match[1]}-${String(event.revision + 1).padStart(6, '0')}`))) gaps++;
    }
  }
  for (const [stream] of streams) {
    const match = /^case-SHTC-(\d{4})-(\d{6})$/.exec(stream);
    if (match && Number(match[2]) > (streams.get(`sequence-SHTC-${match[1]}`)?.length ?? 0)) problems.push(`${stream}: its number was never allocated`);
  }
  return { problems, figures: { cases, casesApproved: approvals.size, licences, caseNumbersAllocated: allocated, caseNumberGaps: gaps } };
}

/** No two created cases (201, distinct keys) or approvals got the same number. */
export function duplicateNumbers(acks: Acknowledged[]): string[] {
  const problems: string[] = [];
  for (const [kind, field] of [['file', 'caseNo'], ['approve', 'licenceNo']] as const) {
    const byNumber = new Map<string, string>();
    for (const ack of acks.filter((a) => a.kind === kind)) {
      const number = String(ack.body[field]);
      if (byNumber.has(number) && byNumber.get(number) !== ack.key) problems.push(`${field} ${number} answered to ${byNumber.get(number)} and ${ack.key}`);
      byNumber.set(number, ack.key);
    }
  }
  return problems;
}
