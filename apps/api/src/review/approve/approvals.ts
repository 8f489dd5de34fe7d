import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseNumbers, issueLicence, loadStream } from '@shtc/commands';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { RefusalError, licenceCodec, licenceDecider, refuse, refusedCorrectionOf, type Actor, type CaseApproved, type FiledCase, type LicenceCorrection, type LicenceTerms } from '@shtc/domain';
import { CLOCK, type Clock } from '@shtc/platform';
import { SHIPMENTS, SHIPMENT_HISTORY_PROJECTION, countShipments, importerOf, windowStart } from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, type ReadStore } from '@shtc/read-store';
import { belongsToAllFourRegimes, isControlledArea, taipeiDateOf } from '@shtc/reference-data';
import { Cases, OnCase } from '../../applications/cases';
import { commandContext } from '../../http/command-context';
import { answerOf } from '../review-commands';
import { noteOf } from '../../http/free-text-input';
import type { Caller } from '../decisions/review-decisions';
import type { ApproveDto } from './approve.controller';

/**
 * R-REV-3: approval in second review by a reviewer other than the initial one, issuing the
 * licence (R-LIC-1). The case is checked before a licence number is taken, so a refused
 * approval uses none; the licence stream is opened from the approved case. A correction's
 * approval makes the next version of the licence it corrects (R-CORR-1, R-MISM-1). The API's
 * route and the console's form both approve through this.
 */
@Injectable()
export class Approvals {
  constructor(
    private readonly commands: CommandBus,
    private readonly cases: Cases,
    private readonly numbers: CaseNumbers,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalog: ProjectionCatalog,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  async approve(caseNo: string, dto: ApproveDto, { account, request }: Caller) {
    const note = noteOf(dto.note, 'note', 'R-REV-3');
    const context = commandContext(account, this.clock, request);
    const at = context.now.toISOString();
    // A retry resuming an approval a crash cut short may find it done, which the command path answers.
    const loaded = context.resumes ? await this.cases.see(caseNo, account) : await this.cases.openFor(caseNo, account, { type: 'ApproveCase', by: context.actor });
    // A correction issues no licence: it approves the licence it corrects, as it stands now (R-CORR-1).
    const corrects = (loaded.state as FiledCase).corrects;
    const licence = corrects ? { corrected: await this.correctable(caseNo, corrects, context.actor, at) } : await this.numbers.next('LIC', context);
    const executed = await this.commands.execute(
      new OnCase(
        caseNo,
        account,
        context,
        async (state) => ({ type: 'ApproveCase', note, licence: typeof licence === 'string' ? await this.licenceTerms(state, licence, at) : licence, by: context.actor, at }),
        { loaded },
      ),
    );
    const approved = executed.state as FiledCase;
    // If this process dies here, the licence-issue worker opens it from the approval.
    const written = await issueLicence(this.events, approved, context);
    const issued = approved.licence!;
    return {
      ...answerOf(caseNo, executed, context.actor),
      // The licence's write comes last: reading `?after=` this position sees the licence too.
      position: (written && written.position > executed.position ? written.position : executed.position).toString(),
      licenceNo: issued.licenceNo,
      validUntil: issued.validUntil,
      validityMonths: issued.validityMonths,
      validityReason: issued.validityReason,
      ...(corrects && { licenceVersion: corrects.version + 1 }),
    };
  }

  /**
   * The licence a correction corrects, with the validity it keeps (R-LIC-2), once it is clear the
   * correction can be applied: still valid, nothing released (R-BAL-3), no other correction
   * approved since the case was filed. Refused here, the case stays in second review.
   */
  private async correctable(caseNo: string, corrects: LicenceCorrection, by: Actor, at: string): Promise<CaseApproved['data']['licence']> {
    const { state } = await loadStream(this.events, { codec: licenceCodec, decider: licenceDecider }, corrects.licenceNo);
    if (state.status === 'NONE') throw new RefusalError(refuse('R-CORR-1', `Licence ${corrects.licenceNo} does not exist`, 'CONFLICT'));
    const refused = refusedCorrectionOf(state, caseNo, corrects, by, at);
    if (refused) throw new RefusalError(refused);
    const { licenceNo, issuedOn, validUntil, validityMonths, validityReason } = state;
    return { licenceNo, issuedOn, validUntil, validityMonths, validityReason };
  }

  /**
   * The facts R-LIC-1 decides the validity on: the destination's regimes and controlled areas
   * (reference data), and the releases by this exporter to the same importer (the consignee, or
   * the buyer when it is the consignee) in the same country in the 6 months before the issue
   * day, counted in the shipment history (R-LIC-1 b).
   */
  private async licenceTerms(state: FiledCase, licenceNo: string, at: string): Promise<LicenceTerms> {
    const { application } = state;
    const issuedOn = taipeiDateOf(at);
    return {
      licenceNo,
      issuedOn,
      destinationInAllRegimes: belongsToAllFourRegimes(application.destination),
      destinationControlled: isControlledArea(application.destination),
      recentShipmentsToImporter: await countShipments(this.store, await this.catalog.collection(SHIPMENT_HISTORY_PROJECTION, SHIPMENTS), {
        exporterId: application.applicantId,
        importerName: importerOf(application),
        country: application.destination,
        since: windowStart(issuedOn),
      }),
    };
  }
}
