import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnStream, loadStream, type CommandContext, type Executed } from '@shtc/commands';
import type { ExporterView } from '@shtc/documents';
import { accountCodec, accountDecider, type AccountCommand, type AccountEvent, type AccountState, type Actor } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';

export const ACCOUNT_KIND = { codec: accountCodec, decider: accountDecider };

/**
 * A command on one account, through the one path of stream commands. The caller acts on its
 * own account (authorisations) or, signed out, proves who it is otherwise (a reset token): then
 * the events' actor is the account itself, known once the stream is read.
 */
export class OnAccount extends Command<Executed<AccountEvent, AccountState>> {
  constructor(
    readonly businessId: string,
    readonly context: CommandContext | Omit<CommandContext, 'actor'>,
    readonly command: (state: AccountState) => AccountCommand,
  ) {
    super();
  }
}

@CommandHandler(OnAccount)
export class OnAccountHandler implements ICommandHandler<OnAccount> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  execute({ businessId, context, command }: OnAccount) {
    const actor: Actor = 'actor' in context ? context.actor : { accountId: '', role: 'APPLICANT', businessId };
    return executeOnStream(this.events, ACCOUNT_KIND, businessId, { ...context, actor }, {
      command,
      actorFrom: 'actor' in context ? undefined : (state) => (state.status === 'REGISTERED' ? { accountId: state.accountId, role: state.role, businessId } : actor),
    });
  }
}

/**
 * The exporter a document names: its business ID, and its account's name (null for a business ID
 * with no account). The name is written once, when the account is registered, and no event
 * changes it, so a document that prints it is still a function of its own stream and revision.
 */
export async function exporterOf(events: EventStore, businessId: string): Promise<ExporterView> {
  const { state } = await loadStream(events, ACCOUNT_KIND, businessId);
  return { businessId, name: state.status === 'REGISTERED' ? state.name : null };
}
