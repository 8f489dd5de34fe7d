import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccessPolicy, executeOnStream, licenceNotFound, type CommandContext, type Executed, type StreamKind } from '@shtc/commands';
import {
  RefusalError,
  licenceCodec,
  licenceDecider,
  refuse,
  type IssuedLicence,
  type LicenceCommand,
  type LicenceEvent,
  type LicenceState,
} from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { LICENCES, LICENCE_REGISTER_PROJECTION, licenceOf, type LicenceDocument } from '@shtc/projections';
import { ProjectionCatalog, READ_STORE, type ReadStore } from '@shtc/read-store';
import type { SignedIn } from '../auth/sessions';

export const licenceKind: StreamKind<LicenceCommand, LicenceEvent, LicenceState> = { codec: licenceCodec, decider: licenceDecider };

/** Which side of the licence the caller acts on: customs (declarations, releases) or the holder's (cancellation). */
export type LicenceActor = 'CUSTOMS' | 'HOLDER';

/**
 * A command on one licence, through the one command path: the access policy (customs on any
 * licence that exists; the holder or its authorised agent on its own, else 404), then read →
 * fold → decide by the licence decider → append with the expected revision. A retry the decider
 * recognises (the same declaration or release again) appends nothing: the result has no events
 * and the state as recorded, which the caller answers from.
 */
export class OnLicence extends Command<Executed<LicenceEvent, IssuedLicence>> {
  constructor(
    readonly licenceNo: string,
    readonly caller: SignedIn,
    readonly context: CommandContext,
    readonly side: LicenceActor,
    readonly command: (licence: IssuedLicence) => LicenceCommand,
  ) {
    super();
  }
}

@CommandHandler(OnLicence)
export class OnLicenceHandler implements ICommandHandler<OnLicence> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ licenceNo, caller, context, side, command }: OnLicence): Promise<Executed<LicenceEvent, IssuedLicence>> {
    if (!isLicenceNo(licenceNo)) throw side === 'CUSTOMS' ? noSuchLicence(licenceNo) : licenceNotFound(String(licenceNo));
    const executed = await executeOnStream(this.events, licenceKind, licenceNo, context, {
      authorize: async (state) => {
        if (side === 'CUSTOMS') this.access.customsOnLicence(caller, licenceNo, state);
        else await this.access.actOnLicence(caller, licenceNo, state);
      },
      // The policy above lets only an issued licence through.
      command: (state) => command(state as IssuedLicence),
    });
    return executed as Executed<LicenceEvent, IssuedLicence>;
  }
}

/** Licence numbers as this system gives them (`LIC-2026-000001`): letters, digits and hyphens. */
export function isLicenceNo(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9-]{1,40}$/.test(value);
}

function noSuchLicence(licenceNo: unknown): RefusalError {
  return new RefusalError(refuse('R-CUS-1', `No licence ${String(licenceNo)}`, 'NOT_FOUND', 'licenceNo'));
}

/** Reads of the licence register for a caller: a licence it may see, else 404 (R-ACC-5). */
@Injectable()
export class LicenceRegister {
  constructor(
    private readonly catalog: ProjectionCatalog,
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly access: AccessPolicy,
  ) {}

  collection(name = LICENCES): Promise<string> {
    return this.catalog.collection(LICENCE_REGISTER_PROJECTION, name);
  }

  /** The licence as the register has it, if the caller may see it. */
  async see(licenceNo: string, caller: SignedIn): Promise<IssuedLicence> {
    return (await this.seeAt(licenceNo, caller)).licence;
  }

  /** The licence with the revision of its stream the register had folded (what a printout of it is keyed by). */
  async seeAt(licenceNo: string, caller: SignedIn): Promise<{ licence: IssuedLicence; revision: number }> {
    if (!isLicenceNo(licenceNo)) throw licenceNotFound(String(licenceNo));
    const document = await this.store.get<LicenceDocument>(await this.collection(), licenceNo);
    const licence = this.access.seeLicence(caller, licenceNo, document ? licenceOf(document) : { status: 'NONE' });
    return { licence, revision: document!.revision };
  }
}
