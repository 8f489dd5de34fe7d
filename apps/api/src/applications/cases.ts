import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  RefusalError,
  accountDecider,
  accountStream,
  caseStream,
  makeCaseDecider,
  refuse,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type Decider,
  type FiledCase,
} from '@shtc/domain';
import { EVENT_STORE, decideAndAppend, loadState, type CommandContext, type EventStore } from '@shtc/event-store';
import type { SignedIn } from '../auth/sessions';
import { orRefuse } from '../http/or-refuse';
import { CASE_POLICY } from './case-policy';

/** R-ACC-5: applicants and agents see only their own cases; anyone else gets 404, as if it did not exist. */
export function canSee(state: FiledCase, account: SignedIn): boolean {
  if (account.role === 'APPLICANT') return state.application.applicantId === account.businessId;
  if (account.role === 'AGENT') return state.agentId === account.businessId;
  return false;
}

export function notFound(caseNo: string): NotFoundException {
  return new NotFoundException({ message: `No case ${caseNo} of yours`, rule: 'R-ACC-5' });
}

/** Loads cases and runs case commands: fold, check who asks, decide, append (architecture.md item 2). */
@Injectable()
export class Cases {
  readonly decider: Decider<CaseCommand, CaseEvent, CaseState>;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CASE_POLICY) policy: Parameters<typeof makeCaseDecider>[0],
  ) {
    this.decider = makeCaseDecider(policy);
  }

  /** The case as its events tell it, if the account may see it; 404 otherwise. */
  async loadFor(caseNo: string, account: SignedIn): Promise<{ state: FiledCase; revision: number }> {
    const { state, revision } = await loadState(this.events, caseStream(caseNo), this.decider);
    if (state.status === 'NONE' || !canSee(state, account)) throw notFound(caseNo);
    return { state, revision };
  }

  /** Runs a command on a case the account may act on; an agent only while the applicant still authorises it (R-ACC-4). */
  async change(caseNo: string, account: SignedIn, context: CommandContext, command: (state: FiledCase) => CaseCommand) {
    if (account.role === 'AGENT') {
      const { state } = await this.loadFor(caseNo, account);
      await this.applicantFor(account, state.application.applicantId);
    }
    return decideAndAppend(
      this.events,
      caseStream(caseNo),
      this.decider,
      (state) => {
        if (state.status === 'NONE' || !canSee(state, account)) throw notFound(caseNo);
        return orRefuse(this.decider.decide(command(state), state));
      },
      context,
    );
  }

  /**
   * R-ACC-4: the applicant a case is filed for. An applicant files for itself; an agent names
   * the applicant, which must have authorised it.
   */
  async applicantFor(account: SignedIn, applicantId: string | undefined): Promise<{ applicantId: string; agentId: string | null }> {
    if (account.role === 'APPLICANT') {
      if (applicantId && applicantId !== account.businessId) {
        throw new RefusalError(refuse('R-ACC-4', 'An applicant files only for itself', 'FORBIDDEN', 'applicantId'));
      }
      return { applicantId: account.businessId, agentId: null };
    }
    if (!applicantId) {
      throw new RefusalError(refuse('R-ACC-4', 'An agent names the applicant it files for (applicantId)', 'INVALID', 'applicantId'));
    }
    const { state } = await loadState(this.events, accountStream(applicantId), accountDecider);
    if (state.status !== 'REGISTERED' || !state.agents.includes(account.businessId)) {
      throw new RefusalError(
        refuse('R-ACC-4', `Applicant ${applicantId} has not authorised you to act for it`, 'FORBIDDEN', 'applicantId'),
      );
    }
    return { applicantId, agentId: account.businessId };
  }
}
