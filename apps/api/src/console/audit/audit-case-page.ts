import { Injectable } from '@nestjs/common';
import { caseCodec, type FiledCase } from '@shtc/domain';
import { whoOf } from '@shtc/projections';
import { CaseStateQuery, CaseStates } from '../../audit/case-state/case-states';
import { CaseTimelines, type TimelineEntry } from '../../audit/case-timeline/case-timelines';
import { IntegrityCheck } from '../../audit/integrity/integrity-check';
import { validated } from '../http/console-controller';
import { problemView, type ProblemView } from '../http/console-pages';
import { ACTION_WORDS, attachmentWords, statusWords, words } from '../http/words';

/** The query of the auditor's case page: the event to show the case at, or an instant in Taipei. */
export interface AuditCaseQuery {
  revision?: string;
  asOf?: string;
}

const SIDE_WORDS = {
  APPLICANT: { zh: '申請人方', en: 'Applicant side' },
  REVIEWER: { zh: '審查人員', en: 'Reviewers' },
  OPERATOR: { zh: '系統作業', en: 'Operator' },
};

/** `2026-12-30T09:03` typed in a datetime field, read as Taipei time (the console's time zone). */
function taipeiInstant(local: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local) ? `${local}+08:00` : local;
}

/**
 * The auditor's case page (issue 13): the case's timeline with its actors and each step in both
 * languages (CaseTimelines, as GET /audit/cases/:caseNo/timeline), the case as it stood after
 * any of its events (CaseStates, as /state), the integrity of its stream (IntegrityCheck, as
 * GET /audit/integrity?stream=), and the timeline's PDF and CSV.
 */
@Injectable()
export class AuditCasePage {
  constructor(
    private readonly timelines: CaseTimelines,
    private readonly states: CaseStates,
    private readonly integrity: IntegrityCheck,
  ) {}

  async model(caseNo: string, query: AuditCaseQuery) {
    const family = await this.timelines.family(caseNo);
    const entries: TimelineEntry[] = [];
    for await (const entry of this.timelines.all(family)) entries.push(entry);
    const stream = caseCodec.streamOf(caseNo);
    const own = entries.filter((entry) => entry.stream === stream);
    const last = own.at(-1);

    // Which moment to show: the event picked, an instant typed, or by default the case as it stands now.
    const asked = query.asOf?.trim() ? { asOf: taipeiInstant(query.asOf.trim()) } : { revision: query.revision?.trim() || String(last?.revision ?? 0) };
    let state: Awaited<ReturnType<CaseStates['state']>> | null = null;
    let stateProblem: ProblemView | null = null;
    try {
      state = await this.states.state(caseNo, await validated(CaseStateQuery, asked));
    } catch (error) {
      stateProblem = problemView(error);
      if (stateProblem.status >= 500) throw error;
    }
    const integrity = await this.integrity.check(stream);
    const shownRevision = state?.revision ?? null;
    const filed = state?.case as FiledCase | null;
    const base = `/console/audit/cases/${encodeURIComponent(caseNo)}`;
    return {
      title: { zh: `案件稽核 ${caseNo}`, en: `Audit of ${caseNo}` },
      caseNo,
      base,
      streams: family.streams.map(({ id, relation }) => ({ id, relation })),
      complete: family.complete,
      steps: entries.map((entry) => ({
        ...entry,
        actor: whoOf(entry.actor),
        status: entry.status ? statusWords(entry.status) : null,
        ownStream: entry.stream === stream,
        shown: entry.stream === stream && entry.revision === shownRevision,
        stateHref: entry.stream === stream ? `${base}?revision=${entry.revision}#state` : null,
      })),
      picker: own.map((entry) => ({ revision: entry.revision, type: entry.type, occurredAt: entry.occurredAt, zh: entry.description.zh, selected: entry.revision === shownRevision })),
      asOf: query.asOf ?? '',
      stateProblem,
      state: state && {
        revision: state.revision,
        occurredAt: state.occurredAt,
        eventsFolded: state.eventsFolded,
        eventsAfter: state.eventsAfter,
        asOf: state.asOf,
        status: state.status === 'NONE' ? null : statusWords(state.status),
        allowed: (Object.entries(state.allowedActions) as Array<[keyof typeof SIDE_WORDS, string[]]>).map(([side, actions]) => ({
          side: SIDE_WORDS[side],
          actions: actions.map((action) => words(ACTION_WORDS, action)),
        })),
        summary: filed && {
          assignee: filed.assignee,
          attachments: filed.attachments.map((attachment) => ({ ...attachmentWords(attachment.type), fileName: attachment.fileName })),
          decision: filed.decision && { outcome: statusWords(filed.decision.outcome), at: filed.decision.at, by: filed.decision.by.businessId, reasons: filed.decision.reasons },
          licence: filed.licence,
          recommendation: filed.recommendation && { recommendation: filed.recommendation.recommendation, by: filed.recommendation.by.businessId },
          consultations: filed.consultations.length,
          notes: filed.notes.length,
          screeningHits: filed.screeningHits.length,
        },
        json: JSON.stringify(state.case, null, 2),
      },
      integrity: { ...integrity, stream },
      csvHref: `${base}/timeline.csv`,
      pdfHref: `${base}/timeline.pdf`,
    };
  }
}
