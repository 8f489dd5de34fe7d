import { Inject, Injectable } from '@nestjs/common';
import { ATTACHMENT_TYPES, requiredAttachments, supplementMissing, type Attachment, type CasePolicy } from '@shtc/domain';
import type { SignedIn } from '../../auth/sessions';
import { CASE_POLICY } from '../../applications/case-policy';
import { ApplicantCases } from '../../applications/view-application/applicant-cases';
import { applicationView, documentsView, historyView, warningsView } from '../cases/case-views';
import type { ProblemView } from '../http/console-pages';
import type { FormFields } from '../http/form-body';
import { DONE_WORDS, attachmentWords, kindWords, routeWords, statusWords } from '../http/words';

/** A form of the applicant's case page shown again: what was typed, and why it was refused. */
export interface ApplicantFormState {
  action: string;
  values: FormFields;
  problem?: ProblemView;
  confirming?: boolean;
}

/**
 * The applicant's case page (issue 13): the case as GET /applications/:caseNo answers it
 * (ApplicantCases), what is still missing by the rules the submission and the supplement are
 * decided by (R-NEW-4, R-IRNK-4, R-REV-5), the documents to download and sign (R-NEW-2), and a
 * form for each action the transition table allows the applicant now.
 */
@Injectable()
export class ApplicantCasePage {
  constructor(
    private readonly cases: ApplicantCases,
    @Inject(CASE_POLICY) private readonly policy: CasePolicy,
  ) {}

  async model(caseNo: string, account: SignedIn, options: { form?: ApplicantFormState; done?: string; doc?: string } = {}) {
    const { view, state } = await this.cases.read(caseNo, account);
    const page = `/console/applications/${encodeURIComponent(caseNo)}`;
    const allowed = new Set(view.allowedActions);
    const form = options.form;
    const formFor = (action: string) => {
      const open = form?.action === action;
      return { action, values: open ? form!.values : {}, problem: open ? (form!.problem ?? null) : null, confirming: open && form!.confirming === true };
    };
    // What submission still needs (R-NEW-4, R-IRNK-4, R-CORR-2), each by the rule that asks for it, and whether it is there.
    const required = state.status === 'REGISTERED' ? requiredAttachments(state.application, this.policy, state.corrects) : [];
    const checklist = required.map(({ type, rule }) => {
      const uploaded = state.attachments.filter((attachment) => attachment.type === type);
      const stale = type === 'END_USE_ASSURANCE' && uploaded.length > 0 && !uploaded.some((attachment) => attachment.dataVersion === state.dataVersion);
      return { ...attachmentWords(type), rule, uploaded: uploaded.length > 0 && !stale, stale };
    });
    // What a reviewer asked for and is not yet uploaded (R-REV-5).
    const stillMissing = state.status === 'AWAITING_SUPPLEMENT' ? supplementMissing(state) : [];
    const firstMissing = state.status === 'AWAITING_SUPPLEMENT' ? stillMissing[0] : checklist.find((item) => !item.uploaded)?.code;
    const shown = form && allowed.has(form.action);
    const uploads = allowed.has('attach') ? formFor('attach') : null;
    return {
      title: { zh: `案件 ${caseNo}`, en: `Case ${caseNo}` },
      caseNo,
      page,
      done: options.done && DONE_WORDS[options.done] ? DONE_WORDS[options.done] : null,
      topProblem: form?.problem && !shown ? form.problem : null,
      status: statusWords(view.status),
      route: routeWords(view.route),
      kind: kindWords(view.kind),
      registeredAt: view.registeredAt,
      submittedAt: view.submittedAt,
      endUse: view.endUse,
      checklist,
      missingCount: checklist.filter((item) => !item.uploaded).length,
      supplement: view.supplement && {
        message: view.supplement.message,
        replyBy: view.supplement.replyBy,
        requestedAt: view.supplement.requestedAt,
        documents: view.supplement.documents.map((type) => ({ ...attachmentWords(type), uploaded: !stillMissing.includes(type) })),
        missingCount: stillMissing.length,
      },
      decision: view.decision && { ...view.decision, outcome: statusWords(view.decision.outcome) },
      licenceNo: view.licenceNo,
      validUntil: view.validUntil,
      warnings: warningsView(view.warnings),
      application: applicationView(view.application),
      documents: documentsView(caseNo, view.route, state.attachments as Attachment[], page, options.doc),
      history: historyView(state.history),
      removable: allowed.has('remove-attachment'),
      uploads: uploads && {
        ...uploads,
        types: ATTACHMENT_TYPES.map((type) => ({ ...attachmentWords(type), selected: (form?.action === 'attach' ? form.values.type : firstMissing) === type })),
      },
      submit: allowed.has('submit') ? formFor('submit') : null,
      supplementForm: allowed.has('supplement') ? formFor('supplement') : null,
      cancel: allowed.has('cancel') ? formFor('cancel') : null,
      removeProblem: form?.action === 'remove-attachment' ? (form.problem ?? null) : null,
    };
  }
}
