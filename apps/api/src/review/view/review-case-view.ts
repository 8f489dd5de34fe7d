import { Inject, Injectable } from '@nestjs/common';
import { STATUS_ZH, allowedActions, changedTerms, clockOn, reviewClock, reviewFlags, touchesAssurance, type Actor } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { queueOf } from '@shtc/projections';
import { isControlledArea, officeCalendar } from '@shtc/reference-data';
import { Cases } from '../../applications/cases';
import { originOf } from '../../applications/case-origin';
import type { SignedIn } from '../../auth/sessions';
import { OverdueCloseOuts } from '../../licences/close-out/overdue-close-outs';

/**
 * A case as a reviewer works it: everything the applicant filed, with warnings, flags,
 * screening hits, internal notes, consultations, the clock and the actions open to the caller now:
 * GET /review/cases/:caseNo answers it, and the console's case page shows it.
 */
@Injectable()
export class ReviewCaseView {
  constructor(
    private readonly cases: Cases,
    private readonly closeOuts: OverdueCloseOuts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async view(caseNo: string, account: SignedIn) {
    const { state, revision, position } = await this.cases.see(caseNo, account);
    const now = this.clock.now().toISOString();
    const clock = reviewClock(state.route, state.history, officeCalendar, now);
    const by: Actor = { accountId: account.accountId, role: account.role, businessId: account.businessId };
    const { application } = state;
    // R-EXEMPT-4: the exporter's exhibition licences whose close-out is overdue today flag its cases in review.
    const overdueCloseOuts = queueOf(state.status) ? ((await this.closeOuts.of([application.applicantId])).get(application.applicantId) ?? []) : [];
    return {
      caseNo,
      status: state.status,
      statusZh: STATUS_ZH[state.status],
      route: state.route,
      kind: application.kind,
      // What the case starts from; for a correction, what the licence stated and which of it changes (R-CORR-1, R-CORR-2).
      ...originOf(state),
      ...(state.corrects && {
        licensed: state.corrects.licensed,
        changes: changedTerms(application, state.corrects.licensed),
        assuranceSignedAgain: touchesAssurance(application, state.corrects.licensed),
      }),
      applicantId: application.applicantId,
      agentId: state.agentId,
      filedBy: state.filedBy.businessId,
      application,
      items: application.items,
      warnings: state.warnings,
      endUse: state.endUse,
      attachments: state.attachments.map(({ attachmentId, type, fileName, size, sha256, mediaType, dataVersion, addedAt }) => ({
        attachmentId, type, fileName, size, sha256, mediaType, addedAt, forDataVersion: dataVersion,
        href: `/applications/${caseNo}/attachments/${attachmentId}`,
      })),
      registeredAt: state.registeredAt,
      submittedAt: state.submittedAt,
      statusHistory: state.history.map((change) => ({ ...change, statusZh: STATUS_ZH[change.status] })),
      assignee: state.assignee && { businessId: state.assignee.businessId, name: state.assignee.name },
      clock: clock && {
        startedOn: clock.startedOn,
        targetWorkingDays: clock.targetWorkingDays,
        dueDate: clock.dueDate,
        ...(state.decision ? { workingDaysLeft: null, overdue: false } : clockOn(clock, officeCalendar.dateOf(now), officeCalendar)),
        paused: clock.paused,
        approximate: clock.approximate,
      },
      flags: reviewFlags(state, isControlledArea, overdueCloseOuts.map((licence) => licence.licenceNo)),
      overdueCloseOuts: overdueCloseOuts.map(({ licenceNo, caseNo, closeOutBy }) => ({ licenceNo, caseNo, closeOutBy, href: `/licences/${encodeURIComponent(licenceNo)}` })),
      screening: state.screeningHits.map(({ hitId, party, name, listedName, source, score, disposition, reason }) => ({ hitId, party, name, listedName, source, score, disposition, reason })),
      screenedAgainst: state.screenedAgainst,
      supplement: state.supplement,
      consultations: state.consultations,
      recommendation: state.recommendation,
      initialReviewers: state.initialReviewers.map((reviewer) => reviewer.businessId),
      notes: state.notes.map(({ noteId, text, addedAt, by: author }) => ({ noteId, text, addedAt, by: author.businessId })),
      decision: state.decision && { ...state.decision, by: state.decision.by.businessId },
      licence: state.licence,
      allowedActions: allowedActions(state, 'REVIEWER', by),
      revision,
      position: position.toString(),
    };
  }
}
