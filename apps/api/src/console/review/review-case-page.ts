import { Injectable } from '@nestjs/common';
import { ATTACHMENT_TYPES, CONSULTATION_OPINIONS, HIT_DISPOSITIONS, RECOMMENDATIONS, type Attachment, type Consultation } from '@shtc/domain';
import { queueOf } from '@shtc/projections';
import type { SignedIn } from '../../auth/sessions';
import { Precedents } from '../../review/precedents/precedents';
import { ReviewCaseView } from '../../review/view/review-case-view';
import { applicationView, documentsView, historyView, warningsView } from '../cases/case-views';
import type { ProblemView } from '../http/console-pages';
import type { FormFields } from '../http/form-body';
import {
  ACTION_WORDS,
  DISPOSITION_WORDS,
  DONE_WORDS,
  MATCHED_ON_WORDS,
  OPINION_WORDS,
  PARTY_WORDS,
  QUEUE_WORDS,
  RECOMMENDATION_WORDS,
  attachmentWords,
  flagWords,
  kindWords,
  routeWords,
  statusWords,
  words,
} from '../http/words';
import type { SummaryLine } from './reviewer-actions';

/** The state of one action's form when the page is shown again: what was typed, the refusal, or the confirmation step. */
export interface ActionFormState {
  action: string;
  values: FormFields;
  problem?: ProblemView;
  confirming?: SummaryLine[];
  /** The screening hit the form is about. */
  hitId?: string;
}

/** Actions placed apart from the decisions: assignment in the header, notes and screening beside what they are about. */
const PLACED_APART = new Set(['claim', 'release', 'notes', 'screening']);

/**
 * The reviewer's case page (issue 13): the case as GET /review/cases/:caseNo answers it
 * (ReviewCaseView), its precedents (Precedents), and one form for each action the transition
 * table allows the reviewer now (allowedActions), none other.
 */
@Injectable()
export class ReviewCasePage {
  constructor(
    private readonly cases: ReviewCaseView,
    private readonly precedents: Precedents,
  ) {}

  async model(caseNo: string, account: SignedIn, options: { form?: ActionFormState; done?: string; doc?: string } = {}) {
    const view = await this.cases.view(caseNo, account);
    const found = await this.precedents.of(caseNo, view.application, view.decision);
    const page = `/console/review/cases/${encodeURIComponent(caseNo)}`;
    const allowed = new Set(view.allowedActions);
    const form = options.form;
    const formFor = (action: string, hitId?: string) => {
      const open = form?.action === action && (hitId === undefined || form.hitId === hitId);
      return { action, words: ACTION_WORDS[action], open, values: open ? form!.values : {}, problem: open ? (form!.problem ?? null) : null, confirming: open ? (form!.confirming ?? null) : null, hiddenFields: open ? hiddenFieldsOf(form!.values) : [] };
    };
    const open = openConsultation(view.consultations);
    const queue = queueOf(view.status as Parameters<typeof queueOf>[0]);
    // A refusal of an action the page does not offer now (the case moved on, or a forged form) shows at the top.
    const shown = form && (form.action === 'screening' ? allowed.has('screening') : allowed.has(form.action));
    const topProblem = form?.problem && !shown ? form.problem : null;
    const clock = view.clock;
    return {
      title: { zh: `案件 ${caseNo}`, en: `Case ${caseNo}` },
      caseNo,
      page,
      done: options.done && DONE_WORDS[options.done] ? DONE_WORDS[options.done] : null,
      topProblem,
      doneAction: options.done ?? null,
      status: statusWords(view.status),
      route: routeWords(view.route),
      kind: kindWords(view.kind),
      applicantId: view.applicantId,
      agentId: view.agentId,
      registeredAt: view.registeredAt,
      submittedAt: view.submittedAt,
      endUse: view.endUse,
      queue: queue && { code: queue, ...QUEUE_WORDS[queue] },
      assignee: view.assignee,
      mine: view.assignee?.businessId === account.businessId,
      claim: allowed.has('claim') ? formFor('claim') : null,
      release: allowed.has('release') ? formFor('release') : null,
      flags: view.flags.map(flagWords),
      overdueCloseOuts: view.overdueCloseOuts,
      warnings: warningsView(view.warnings),
      application: applicationView(view.application),
      documents: documentsView(caseNo, view.route, view.attachments.map(toAttachment), page, options.doc),
      clock: clock && {
        ...clock,
        paused: clock.paused.map((pause) => ({ from: pause.from, to: pause.to })),
        stopped: view.status === 'AWAITING_SUPPLEMENT',
        decided: view.decision !== null,
      },
      screening: view.screening.map((hit) => ({
        ...hit,
        party: words(PARTY_WORDS, hit.party),
        disposition: words(DISPOSITION_WORDS, hit.disposition),
        open: hit.disposition === 'OPEN',
        scorePercent: Math.round(hit.score * 100),
        form: allowed.has('screening') ? formFor('screening', hit.hitId) : null,
      })),
      screenedAgainst: view.screenedAgainst,
      supplement: view.supplement && {
        ...view.supplement,
        documents: view.supplement.documents.map(attachmentWords),
        current: view.status === 'AWAITING_SUPPLEMENT',
      },
      consultations: view.consultations.map((consultation) => ({
        referredAt: consultation.referredAt,
        note: consultation.note,
        completedAt: consultation.completedAt,
        agencies: consultation.agencies.map((request) => {
          const reply = consultation.replies.find((candidate) => candidate.agency === request.agency);
          return { ...request, reply: reply && { opinion: words(OPINION_WORDS, reply.opinion), note: reply.note, repliedAt: reply.repliedAt } };
        }),
      })),
      recommendation: view.recommendation && {
        recommendation: words(RECOMMENDATION_WORDS, view.recommendation.recommendation),
        note: view.recommendation.note,
        by: view.recommendation.by.businessId,
      },
      decision: view.decision && { ...view.decision, outcome: statusWords(view.decision.outcome) },
      licence: view.licence,
      history: historyView(view.statusHistory),
      notes: view.notes,
      noteForm: allowed.has('notes') ? formFor('notes') : null,
      precedents: found.map((precedent) => ({
        ...precedent,
        href: `/console/review/cases/${encodeURIComponent(precedent.caseNo)}`,
        outcome: statusWords(precedent.outcome),
        matchedOn: words(MATCHED_ON_WORDS, precedent.matchedOn),
      })),
      // Exactly the decisions the transition table opens to this reviewer now, each with its form.
      decisions: view.allowedActions.filter((action) => !PLACED_APART.has(action)).map((action) => formFor(action)),
      choices: {
        documents: ATTACHMENT_TYPES.map((type) => ({ ...attachmentWords(type), checked: form?.action === 'request-supplement' && [form.values.documents ?? []].flat().includes(type) })),
        recommendations: RECOMMENDATIONS.map((code) => ({ ...words(RECOMMENDATION_WORDS, code), checked: form?.action === 'forward' && form.values.recommendation === code })),
        opinions: CONSULTATION_OPINIONS.map((code) => ({ ...words(OPINION_WORDS, code), checked: form?.action === 'consultation-reply' && form.values.opinion === code })),
        dispositions: HIT_DISPOSITIONS.map((code) => ({ ...words(DISPOSITION_WORDS, code) })),
        pendingAgencies: open ? open.agencies.filter((request) => !open.replies.some((reply) => reply.agency === request.agency)).map((request) => ({ agency: request.agency, selected: form?.values.agency === request.agency })) : [],
      },
    };
  }
}

function openConsultation(consultations: readonly Consultation[]): Consultation | null {
  const last = consultations.at(-1);
  return last && !last.completedAt ? last : null;
}

/** An attachment as the view answers it, back in the domain's shape. */
function toAttachment({ forDataVersion, href: _, ...attachment }: Omit<Attachment, 'dataVersion'> & { forDataVersion: number; href: string }): Attachment {
  return { ...attachment, dataVersion: forDataVersion };
}

/** A form's values as hidden fields of its confirmation step (repeated fields repeated). */
function hiddenFieldsOf(values: FormFields): Array<{ name: string; value: string }> {
  return Object.entries(values)
    .filter(([name]) => name !== '_csrf' && name !== 'step')
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => ({ name, value: one })));
}
