import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccessPolicy, executeOnStream, loadStream, type CommandContext, type Executed, type LoadedStream, type StreamKind } from '@shtc/commands';
import {
  RefusalError,
  caseCodec,
  makeCaseDecider,
  refusedByTransitions,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type FiledCase,
} from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import type { SignedIn } from '../auth/sessions';
import { CASE_POLICY } from './case-policy';

export type CaseKind = StreamKind<CaseCommand, CaseEvent, CaseState>;
/** DI token: how case streams are stored and decided (the decider with the operator's lists). */
export const CASE_KIND = Symbol('CASE_KIND');
export const caseKindProvider = {
  provide: CASE_KIND,
  inject: [CASE_POLICY],
  useFactory: (policy: Parameters<typeof makeCaseDecider>[0]): CaseKind => ({ codec: caseCodec, decider: makeCaseDecider(policy) }),
};

export interface OnCaseOptions {
  /** The case as the caller already read it (an upload refuses before reading its body): not read again. */
  loaded?: LoadedStream<CaseState>;
  /** Filing a new case: who may file for whom was checked by the filing itself (R-ACC-4). */
  filing?: boolean;
}

/**
 * A command on one case, through the one path of every case command: the access policy
 * (AccessPolicy: applicant, authorised agent, reviewer), then read → fold → decide → append with
 * the expected revision. The result's `state` is the case after the command.
 */
export class OnCase extends Command<Executed<CaseEvent, CaseState>> {
  constructor(
    readonly caseNo: string,
    readonly caller: SignedIn,
    readonly context: CommandContext,
    readonly command: (state: FiledCase) => CaseCommand | Promise<CaseCommand>,
    readonly options: OnCaseOptions = {},
  ) {
    super();
  }
}

@CommandHandler(OnCase)
export class OnCaseHandler implements ICommandHandler<OnCase> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CASE_KIND) private readonly kind: CaseKind,
    private readonly access: AccessPolicy,
  ) {}

  execute({ caseNo, caller, context, command, options }: OnCase): Promise<Executed<CaseEvent, CaseState>> {
    return executeOnStream(this.events, this.kind, caseNo, context, {
      loaded: options.loaded,
      authorize: options.filing ? undefined : async (state) => void (await this.access.actOnCase(caller, caseNo, state)),
      // The policy above lets only an existing case through, unless this files a new one.
      command: (state) => command(state as FiledCase),
    });
  }
}

/** Reads of a case for the caller: the case as its events tell it, or 404 when it is not the caller's (R-ACC-5). */
@Injectable()
export class Cases {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CASE_KIND) private readonly kind: CaseKind,
    private readonly access: AccessPolicy,
  ) {}

  /** The case, if the caller may see it. */
  async see(caseNo: string, caller: SignedIn): Promise<LoadedStream<FiledCase>> {
    const loaded = await loadStream(this.events, this.kind, caseNo);
    return { ...loaded, state: this.access.seeCase(caller, caseNo, loaded.state) };
  }

  /**
   * The case, if the caller may act on it and the command is open in its status now: for a
   * command that must refuse before doing costly work (reading an upload). Pass the result as
   * `loaded` to OnCase, so the stream is read once.
   */
  async openFor(caseNo: string, caller: SignedIn, command: Pick<CaseCommand, 'type' | 'by'>): Promise<LoadedStream<CaseState>> {
    const loaded = await loadStream(this.events, this.kind, caseNo);
    await this.access.actOnCase(caller, caseNo, loaded.state);
    const closed = refusedByTransitions(command, loaded.state);
    if (closed) throw new RefusalError(closed);
    return loaded;
  }
}
