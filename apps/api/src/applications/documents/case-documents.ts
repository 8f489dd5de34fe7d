import { Inject, Injectable } from '@nestjs/common';
import { DocumentRenderer, endUseAssuranceModel, redFlagAffidavitModel, type AssuranceVersion, type PrintedDocument } from '@shtc/documents';
import { RefusalError, caseCodec, refuse, type FiledCase } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { redFlagChecklist } from '@shtc/reference-data';
import { exporterOf } from '../../auth/accounts';
import type { SignedIn } from '../../auth/sessions';
import { Cases } from '../cases';
import { checklistVersion } from './checklist-version';

/**
 * The documents a case's applicant downloads to have signed (R-NEW-2), printed for the API's
 * routes and the console's previews alike: seen as the case is (R-ACC-5), printed from the
 * case's stream at the revision read, and cached under it.
 */
@Injectable()
export class CaseDocuments {
  constructor(
    private readonly cases: Cases,
    private readonly documents: DocumentRenderer,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async endUseAssurance(caseNo: string, version: AssuranceVersion, account: SignedIn): Promise<PrintedDocument> {
    const { state, revision } = await this.cases.see(caseNo, account);
    refuseWithoutAssurance(state);
    return this.documents.print('end-use-assurance', { stream: caseCodec.streamOf(caseNo), revision, variant: version }, async () =>
      endUseAssuranceModel(state, version, await exporterOf(this.events, state.application.applicantId)),
    );
  }

  async redFlagAffidavit(caseNo: string, account: SignedIn): Promise<PrintedDocument> {
    const { state, revision } = await this.cases.see(caseNo, account);
    const checklist = redFlagChecklist();
    // The checklist is reference data an operator may replace: part of what the document is printed from.
    return this.documents.print('red-flag-affidavit', { stream: caseCodec.streamOf(caseNo), revision, variant: checklistVersion(checklist) }, async () =>
      redFlagAffidavitModel(state, checklist, await exporterOf(this.events, state.application.applicantId)),
    );
  }
}

/**
 * Only a standard-route case has an end-use assurance to print (R-NEW-2): an exempt case needs
 * none (R-EXEMPT-1, Regulations Art. 18(1)), and an Iran/North Korea case's assurance is the one
 * registered before it (R-IRNK-1), printed from its own number.
 */
function refuseWithoutAssurance(state: FiledCase): void {
  if (state.route === 'EXEMPT') {
    throw new RefusalError(refuse('R-EXEMPT-1', `Case ${state.caseNo} is exempt from the end-use assurance (Regulations Art. 18(1)): there is none to print`));
  }
  if (state.route === 'IRAN_NK') {
    const assuranceNo = state.application.assuranceNo;
    throw new RefusalError(
      refuse('R-IRNK-1', `Case ${state.caseNo} goes to Iran or North Korea: its assurance is the registered assurance ${assuranceNo}, printed by GET /assurances/${assuranceNo}/document.pdf`),
    );
  }
}
