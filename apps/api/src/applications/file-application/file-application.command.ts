import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccessPolicy, CaseNumbers, loadStream, type CommandContext } from '@shtc/commands';
import {
  RefusalError,
  assuranceCodec,
  assuranceDecider,
  checkApplication,
  refuse,
  refusedOriginal,
  refusedCancelledLicence,
  refusedLicenceToCorrect,
  checkCorrectionRequest,
  isCorrectionKind,
  licensedTermsOf,
  licenceCodec,
  licenceDecider,
  refuseAll,
  type AmendedCase,
  type CancelledLicence,
  type CaseStatus,
  type CorrectionKind,
  type CorrectionRequest,
  type LicenceToCorrect,
  type FieldIssue,
  type FileApplication,
  type IssuedLicence,
  type Route,
} from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ScreeningLists, screenApplication } from '@shtc/screening';
import type { SignedIn } from '../../auth/sessions';
import { orRefuse } from '../../http/or-refuse';
import { OnLicence } from '../../licences/licences';
import { CASE_KIND, OnCase, type CaseKind } from '../cases';

export interface FiledApplication {
  caseNo: string;
  status: CaseStatus;
  position: bigint;
  warnings: FieldIssue[];
}

export class FileApplicationCommand extends Command<FiledApplication> {
  constructor(
    readonly body: Record<string, unknown>,
    readonly caller: SignedIn,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Files an application on any route (R-NEW-1, R-EXEMPT-2, R-IRNK-3): a NEW one, or an
 * AMENDMENT of a case closed for amendment, quoted by `originalCaseNo` (R-AMEND-1), or a
 * BALANCE_REISSUE of a cancelled licence, quoted by `cancelledLicenceNo` (R-BAL-1), or a
 * CORRECTION or MISMATCH_CORRECTION of a licence, quoted by `licenceNo` (R-CORR-1, R-MISM-1), whose
 * route they inherit. A reissue is first recorded on the licence's stream (BalanceReissued, through the
 * licence decider at the revision read), so that a second one is refused there; then the case
 * is registered. Everything that can refuse is decided before a case number is taken, so refusals
 * leave no gap in the numbers.
 */
@CommandHandler(FileApplicationCommand)
export class FileApplicationHandler implements ICommandHandler<FileApplicationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CASE_KIND) private readonly kind: CaseKind,
    private readonly access: AccessPolicy,
    private readonly numbers: CaseNumbers,
    private readonly commands: CommandBus,
    private readonly lists: ScreeningLists,
  ) {}

  async execute({ body, caller, context }: FileApplicationCommand): Promise<FiledApplication> {
    const { applicantId, agentId } = await this.access.applicantFor(caller, body.applicantId as string | undefined);
    const original = body.kind === 'AMENDMENT' ? await this.originalCase(body.originalCaseNo) : null;
    // Not the caller's, not there, not closed for amendment: refused before the body, whose route comes from it.
    const cancelledLicence = body.kind === 'BALANCE_REISSUE' ? await this.cancelledLicence(body.cancelledLicenceNo) : null;
    const correction = await this.correction(body);
    const refused =
      (original && refusedOriginal(original, applicantId)) ||
      (cancelledLicence && refusedCancelledLicence(cancelledLicence, applicantId)) ||
      (correction && refusedLicenceToCorrect(correction.licence, correction.request, body.kind as CorrectionKind, applicantId));
    if (refused) throw new RefusalError(refused);
    const checked = checkApplication(body, applicantId, original?.route ?? cancelledLicence?.route ?? correction?.licence.route ?? null);
    if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
    const application = checked.value;

    let assurance = null;
    if (application.route === 'IRAN_NK') {
      const { state } = await loadStream(this.events, { codec: assuranceCodec, decider: assuranceDecider }, application.assuranceNo!);
      if (state.status !== 'REGISTERED' || state.applicantId !== applicantId) {
        throw new RefusalError(refuse('R-IRNK-3', `No assurance ${application.assuranceNo} of this applicant`, 'NOT_FOUND', 'assuranceNo'));
      }
      assurance = state;
    }
    // R-REV-7: an exempt case is submitted when filed, so its parties are screened now.
    const index = application.route === 'EXEMPT' ? await this.lists.current() : null;
    const screening = index ? screenApplication(application, index) : null;
    const command = (caseNo: string): FileApplication => ({
      type: 'FileApplication',
      caseNo,
      application,
      warnings: checked.warnings,
      agentId,
      assurance,
      original,
      cancelledLicence,
      correction,
      endUse: application.exemption?.endUse ?? null,
      screening,
      by: context.actor,
      at: context.now.toISOString(),
    });
    // Decided once on no case at all, so a refusal takes no number.
    orRefuse(this.kind.decider.decide(command('unnumbered'), this.kind.decider.initialState));

    const caseNo = await this.numbers.next('SHTC', context);
    if (cancelledLicence) {
      // Once per licence (R-BAL-1): a reissue filed at the same moment loses here, on the licence's revision.
      await this.commands.execute(
        new OnLicence(cancelledLicence.licenceNo, caller, context, 'HOLDER', () => ({ type: 'ReissueBalance', caseNo, by: context.actor, at: context.now.toISOString() })),
      );
    }
    const filed = await this.commands.execute(new OnCase(caseNo, caller, context, () => command(caseNo), { filing: true }));
    return { caseNo, status: filed.state.status as CaseStatus, position: filed.position, warnings: checked.warnings };
  }

  /** R-BAL-1: the licence a balance reissue quotes, with the route of the case that issued it; null when none is quoted. */
  private async cancelledLicence(licenceNo: unknown): Promise<CancelledLicence | null> {
    if (typeof licenceNo !== 'string' || !licenceNo.trim()) return null;
    const number = licenceNo.trim();
    const none: CancelledLicence = { licenceNo: number, status: 'NONE', holderId: null, route: null, destination: null, buyer: null, consignee: null, endUser: null, items: [], reissuedBy: null };
    if (!/^[A-Za-z0-9-]{1,40}$/.test(number)) return none;
    const issued = await this.issuedLicence(number);
    if (!issued) return none;
    const { licence, route } = issued;
    const { status, holderId, destination, buyer, consignee, endUser, items, reissuedBy } = licence;
    return { licenceNo: number, status, holderId, route, destination, buyer, consignee, endUser, items, reissuedBy: reissuedBy ?? null };
  }

  /** A licence as its stream folds, with the route of the case that issued it (which the kinds quoting it inherit); null when none has the number. */
  private async issuedLicence(licenceNo: string): Promise<{ licence: IssuedLicence; route: Route | null } | null> {
    const { state } = await loadStream(this.events, { codec: licenceCodec, decider: licenceDecider }, licenceNo);
    if (state.status === 'NONE') return null;
    const { state: issuing } = await loadStream(this.events, this.kind, state.caseNo);
    return { licence: state, route: issuing.status === 'NONE' ? null : issuing.route };
  }

  /**
   * R-CORR-1 / R-MISM-1: the request of a correction, checked, and the licence it quotes as the
   * decider judges it; null for the other kinds.
   */
  private async correction(body: Record<string, unknown>): Promise<{ request: CorrectionRequest; licence: LicenceToCorrect } | null> {
    const kind = body.kind;
    if (!isCorrectionKind(kind)) return null;
    const checked = checkCorrectionRequest(body, kind);
    if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
    const request = checked.value;
    const none: LicenceToCorrect = { licenceNo: request.licenceNo, status: 'NONE', holderId: null, route: null, version: 0, terms: null, releases: 0, comparisons: [] };
    const issued = await this.issuedLicence(request.licenceNo);
    if (!issued) return { request, licence: none };
    const { licence: state, route } = issued;
    // The last comparison of each declaration: a corrected mismatch is compared again (R-MISM-1).
    const comparisons = [...new Map(state.comparisons.map((c) => [c.declarationNo, { declarationNo: c.declarationNo, result: c.result, coProcessingCode: c.coProcessingCode }])).values()];
    return {
      request,
      licence: {
        licenceNo: request.licenceNo,
        status: state.status,
        holderId: state.holderId,
        route,
        version: state.version,
        terms: licensedTermsOf(state),
        releases: state.releases.length,
        comparisons,
      },
    };
  }

  /** R-AMEND-1: the case an amendment quotes, as the decider judges it; null when none is quoted. */
  private async originalCase(caseNo: unknown): Promise<AmendedCase | null> {
    if (typeof caseNo !== 'string' || !caseNo.trim()) return null;
    const number = caseNo.trim();
    if (!/^[A-Za-z0-9-]{1,40}$/.test(number)) return { caseNo: number, status: 'NONE', applicantId: null, route: null };
    const { state } = await loadStream(this.events, this.kind, number);
    if (state.status === 'NONE') return { caseNo: number, status: 'NONE', applicantId: null, route: null };
    return { caseNo: number, status: state.status, applicantId: state.application.applicantId, route: state.route };
  }
}
