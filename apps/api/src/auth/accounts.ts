import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnStream, type CommandContext, type Executed } from '@shtc/commands';
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
