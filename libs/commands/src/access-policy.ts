import { Inject, Injectable } from '@nestjs/common';
import {
  RefusalError,
  accountCodec,
  accountDecider,
  refuse,
  sideOf,
  type AssuranceSnapshot,
  type AssuranceState,
  type CaseState,
  type FiledCase,
  type IssuedLicence,
  type LicenceState,
  type Role,
} from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { loadStream } from './stream-commands';

/** The signed-in account a policy judges. */
export interface Caller {
  accountId: string;
  businessId: string;
  role: Role;
}

/** Whom a case or an assurance belongs to: its applicant, and the agent that filed it, if any (R-ACC-4). */
export interface Filing {
  applicantId: string;
  agentId: string | null;
}

/**
 * R-ACC-5: who may see a filing. Its applicant and the agent that filed it; reviewers and
 * auditors see every one; nobody else does.
 */
export function maySee(caller: Caller, filing: Filing): boolean {
  if (caller.role === 'REVIEWER' || caller.role === 'AUDITOR') return true;
  if (sideOf(caller.role) !== 'APPLICANT') return false;
  return filing.applicantId === caller.businessId || filing.agentId === caller.businessId;
}

export function caseNotFound(caseNo: string): RefusalError {
  return new RefusalError(refuse('R-ACC-5', `No case ${caseNo} of yours`, 'NOT_FOUND'));
}

export function licenceNotFound(licenceNo: string): RefusalError {
  return new RefusalError(refuse('R-ACC-5', `No licence ${licenceNo} of yours`, 'NOT_FOUND'));
}

export function assuranceNotFound(assuranceNo: string): RefusalError {
  return new RefusalError(refuse('R-ACC-5', `No assurance ${assuranceNo} of yours`, 'NOT_FOUND'));
}

/**
 * Who may act on a case or an assurance, judged apart from what the command does: the filing
 * must be one the caller may see (else 404, as if it did not exist), an agent acts only while
 * the applicant still authorises it (R-ACC-4), and auditors change nothing (R-ACC-5).
 */
@Injectable()
export class AccessPolicy {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  seeCase(caller: Caller, caseNo: string, state: CaseState): FiledCase {
    if (state.status === 'NONE' || !maySee(caller, caseFiling(state))) throw caseNotFound(caseNo);
    return state;
  }

  async actOnCase(caller: Caller, caseNo: string, state: CaseState): Promise<FiledCase> {
    const filed = this.seeCase(caller, caseNo, state);
    await this.mayAct(caller, caseFiling(filed));
    return filed;
  }

  seeAssurance(caller: Caller, assuranceNo: string, state: AssuranceState): AssuranceSnapshot {
    if (state.status === 'NONE' || !maySee(caller, state)) throw assuranceNotFound(assuranceNo);
    const { status: _, ...snapshot } = state;
    return snapshot;
  }

  async actOnAssurance(caller: Caller, assuranceNo: string, state: AssuranceState): Promise<AssuranceSnapshot> {
    const snapshot = this.seeAssurance(caller, assuranceNo, state);
    await this.mayAct(caller, snapshot);
    return snapshot;
  }

  /** A licence is its holder's (the case's applicant) and its case's agent's; reviewers and auditors see every one. */
  seeLicence(caller: Caller, licenceNo: string, state: LicenceState): IssuedLicence {
    if (state.status === 'NONE' || !maySee(caller, licenceFiling(state))) throw licenceNotFound(licenceNo);
    return state;
  }

  /** The holder's side acts on its licence (R-BAL-1), an agent only while the holder still authorises it (R-ACC-4). */
  async actOnLicence(caller: Caller, licenceNo: string, state: LicenceState): Promise<IssuedLicence> {
    const licence = this.seeLicence(caller, licenceNo, state);
    await this.mayAct(caller, licenceFiling(licence));
    return licence;
  }

  /**
   * R-ACC-5: customs sends declarations and releases for any licence, and reads nothing else;
   * a licence number no licence has answers 404.
   */
  customsOnLicence(caller: Caller, licenceNo: string, state: LicenceState): IssuedLicence {
    if (caller.role !== 'CUSTOMS') throw new RefusalError(refuse('R-ACC-5', 'Only customs sends declarations and releases', 'FORBIDDEN'));
    if (state.status === 'NONE') throw new RefusalError(refuse('R-CUS-1', `No licence ${licenceNo}`, 'NOT_FOUND', 'licenceNo'));
    return state;
  }

  /**
   * R-ACC-4: whom a new case or assurance is filed for. Without `applicantId` (or with its own)
   * an account files for itself; naming another applicant, it files as that applicant's agent,
   * which the applicant must have authorised.
   */
  async applicantFor(caller: Caller, applicantId: string | undefined): Promise<Filing> {
    if (!applicantId || applicantId === caller.businessId) return { applicantId: caller.businessId, agentId: null };
    if (!(await this.authorises(applicantId, caller.businessId))) {
      throw new RefusalError(refuse('R-ACC-4', `Applicant ${applicantId} has not authorised you to act for it`, 'FORBIDDEN', 'applicantId'));
    }
    return { applicantId, agentId: caller.businessId };
  }

  private async mayAct(caller: Caller, filing: Filing): Promise<void> {
    if (caller.role === 'AUDITOR') throw new RefusalError(refuse('R-ACC-5', 'Auditors read everything and change nothing', 'FORBIDDEN'));
    const asAgent = sideOf(caller.role) === 'APPLICANT' && filing.applicantId !== caller.businessId;
    if (asAgent && !(await this.authorises(filing.applicantId, caller.businessId))) {
      throw new RefusalError(refuse('R-ACC-4', `Applicant ${filing.applicantId} no longer authorises you to act for it`, 'FORBIDDEN'));
    }
  }

  private async authorises(applicantId: string, agentId: string): Promise<boolean> {
    const { state } = await loadStream(this.events, { codec: accountCodec, decider: accountDecider }, applicantId);
    return state.status === 'REGISTERED' && state.agents.includes(agentId);
  }
}

function licenceFiling(licence: IssuedLicence): Filing {
  return { applicantId: licence.holderId, agentId: licence.agentId };
}

function caseFiling(state: FiledCase): Filing {
  return { applicantId: state.application.applicantId, agentId: state.agentId };
}
