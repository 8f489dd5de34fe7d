import { caseCodec, type Application, type CaseEvent } from '@shtc/domain';
import { decodedHandlers, type Document, type Projection, type ProjectionContext } from '@shtc/read-store';
import { nameKey } from '@shtc/screening';

export const PRECEDENTS_PROJECTION = 'precedents';
/** One document per decided case and key: what the precedents of a case are looked up in. */
export const PRECEDENTS = 'precedents';
/** The keys of every filed case, kept until it is decided (the decision events do not carry them). */
export const PRECEDENT_CASES = 'precedent_cases';

export const MATCHED_ON = ['END_USER', 'BUYER', 'ECCN', 'CCC_CODE'] as const;
export type MatchedOn = (typeof MATCHED_ON)[number];
export type PrecedentOutcome = 'APPROVED' | 'REJECTED' | 'CLOSED_FOR_AMENDMENT';

export interface PrecedentDocument extends Document {
  /** `END_USER:<normalised name>`, `BUYER:…`, `CCC_CODE:85414100001`, `ECCN:5A002.A`. */
  key: string;
  matchedOn: MatchedOn;
  caseNo: string;
  decidedAt: string;
  outcome: PrecedentOutcome;
}

interface PrecedentCaseDocument extends Document {
  keys: string[];
}

/**
 * What a case is a precedent for: its end user's names (R-FORM-3's Chinese name too) and its
 * buyer's, normalised as screening does (case, punctuation, width, word order, company suffixes),
 * and the CCC codes and export control numbers of its goods.
 */
export function precedentKeys(application: Pick<Application, 'buyer' | 'endUser' | 'items'>): string[] {
  const keys = new Set<string>();
  const name = (kind: MatchedOn, text: string | undefined) => {
    const key = text ? nameKey(text) : '';
    if (key) keys.add(`${kind}:${key}`);
  };
  name('END_USER', application.endUser.name);
  name('END_USER', application.endUser.nameZh);
  name('BUYER', application.buyer.name);
  for (const item of application.items) {
    keys.add(`ECCN:${item.eccn.toUpperCase()}`);
    keys.add(`CCC_CODE:${item.cccCode}`);
  }
  return [...keys];
}

export function matchedOnOf(key: string): MatchedOn {
  return key.slice(0, key.indexOf(':')) as MatchedOn;
}

/**
 * Decided cases (approved, rejected, closed for amendment) by end user, buyer, CCC code and
 * export control number, each key its own document indexed with the decision's time: the
 * precedents of a case are a few bounded index reads, newest first, however many cases there are.
 */
export const precedentsProjection: Projection = {
  name: PRECEDENTS_PROJECTION,
  version: 1,
  collections: [
    { name: PRECEDENT_CASES },
    { name: PRECEDENTS, indexes: [{ fields: [['key', 'asc'], ['decidedAt', 'desc'], ['id', 'desc']] }] },
  ],
  handlers: decodedHandlers<CaseEvent>(caseCodec, {
    CaseRegistered: (event, _, context) => keep(context, event.data.caseNo, event.data.application),
    ExemptCaseFiled: (event, _, context) => keep(context, event.data.caseNo, event.data.application),
    ApplicationEdited: (event, recorded, context) => keep(context, caseCodec.idOf(recorded.stream), event.data.application),
    CaseApproved: (event, recorded, context) => decided(context, caseCodec.idOf(recorded.stream), event.data.approvedAt, 'APPROVED'),
    CaseRejected: (event, recorded, context) => decided(context, caseCodec.idOf(recorded.stream), event.data.rejectedAt, 'REJECTED'),
    ClosedForAmendment: (event, recorded, context) => decided(context, caseCodec.idOf(recorded.stream), event.data.closedAt, 'CLOSED_FOR_AMENDMENT'),
  }),
};

function keep(context: ProjectionContext, caseNo: string, application: Application): void {
  context.put(PRECEDENT_CASES, { id: caseNo, keys: precedentKeys(application) });
}

async function decided(context: ProjectionContext, caseNo: string, decidedAt: string, outcome: PrecedentOutcome): Promise<void> {
  const filed = await context.get<PrecedentCaseDocument>(PRECEDENT_CASES, caseNo);
  for (const key of filed?.keys ?? []) {
    context.put(PRECEDENTS, { id: `${caseNo}|${key}`, key, matchedOn: matchedOnOf(key), caseNo, decidedAt, outcome } satisfies PrecedentDocument);
  }
}
