import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { registerAccount, type NewAccount } from '@shtc/accounts';
import type { CommandContext } from '@shtc/commands';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';

export class RegisterAccountCommand extends Command<{ accountId: string; position: bigint }> {
  constructor(
    readonly input: NewAccount,
    readonly context: Omit<CommandContext, 'actor'>,
  ) {
    super();
  }
}

/** R-ACC-1: one account per business number (libs/accounts; the CLI creates staff with the same call). */
@CommandHandler(RegisterAccountCommand)
export class RegisterAccountHandler implements ICommandHandler<RegisterAccountCommand> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  execute({ input, context }: RegisterAccountCommand) {
    return registerAccount(this.events, input, context);
  }
}
