import { taipeiSecondOf } from '@shtc/domain';
import type { Bilingual } from './views';

/** How a stream of the family descends from its parent (the audit trail's relation), or null for the family's root. */
export type TimelineRelation = 'AMENDS' | 'REISSUES' | 'CORRECTS' | 'MISMATCH_CORRECTS' | 'ISSUED_BY';

/** One step of the timeline as the audit trail describes it; the actor already in words ("Reviewer R001" / 「審查人員 R001」). */
export interface TimelineStep {
  position: string;
  occurredAt: string;
  stream: string;
  revision: number;
  type: string;
  actor: Bilingual;
  description: Bilingual;
}

export interface CaseTimelineSource {
  /** The case number asked for (any member of the family). */
  caseNo: string;
  streams: ReadonlyArray<{ stream: string; parent: string | null; relation: TimelineRelation | null }>;
  /** False when the family passed the trail's bound and some streams are left out. */
  complete: boolean;
  steps: readonly TimelineStep[];
  /** The log position of the family's newest event: the printout is the timeline up to there. */
  position: string;
  printedAt: Date;
}

export interface CaseTimelineModel {
  caseNo: string;
  family: Array<{ stream: string; relation: Bilingual | null; parent: string | null }>;
  complete: boolean;
  position: string;
  /** Taipei time, to the second. */
  printedAt: string;
  stepCount: number;
  steps: Array<{ no: number; position: string; time: string; stream: string; revision: number; type: string; actor: Bilingual; description: Bilingual }>;
}

const RELATION_WORDS: Readonly<Record<TimelineRelation, Bilingual>> = {
  AMENDS: { zh: '補正', en: 'amends' },
  REISSUES: { zh: '餘額重簽', en: 'reissues the balance of' },
  CORRECTS: { zh: '更正', en: 'corrects' },
  MISMATCH_CORRECTS: { zh: '單證不符更正', en: 'corrects a declaration mismatch of' },
  ISSUED_BY: { zh: '核發自', en: 'issued by' },
};

/** Issue 11 item 5: a case's timeline (its whole family, in log order) as an auditor files it, times in Taipei. */
export function caseTimelineModel(source: CaseTimelineSource): CaseTimelineModel {
  return {
    caseNo: source.caseNo,
    family: source.streams.map(({ stream, parent, relation }) => ({ stream, parent, relation: relation ? RELATION_WORDS[relation] : null })),
    complete: source.complete,
    position: source.position,
    printedAt: taipeiSecondOf(source.printedAt),
    stepCount: source.steps.length,
    steps: source.steps.map((step, i) => ({
      no: i + 1,
      position: step.position,
      time: taipeiSecondOf(step.occurredAt),
      stream: step.stream,
      revision: step.revision,
      type: step.type,
      actor: step.actor,
      description: step.description,
    })),
  };
}
