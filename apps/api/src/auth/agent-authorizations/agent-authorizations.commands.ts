import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { loadStream, type CommandContext } from '@shtc/commands';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ACCOUNT_KIND, OnAccount } from '../accounts';

export class AuthorizeAgentCommand extends Command<{ position: bigint }> {
  constructor(
    readonly agentBusinessId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** R-ACC-4: an applicant lets another registered account (a customs broker, say) act for it. */
@CommandHandler(AuthorizeAgentCommand)
export class AuthorizeAgentHandler implements ICommandHandler<AuthorizeAgentCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly commands: CommandBus,
  ) {}

  async execute({ agentBusinessId, context }: AuthorizeAgentCommand) {
    const { state: agent } = await loadStream(this.events, ACCOUNT_KIND, agentBusinessId);
    const authorized = await this.commands.execute(
      new OnAccount(context.actor.businessId, context, () => ({
        type: 'AuthorizeAgent',
        agentBusinessId,
        agentRole: agent.status === 'REGISTERED' ? agent.role : null,
        at: context.now.toISOString(),
      })),
    );
    return { position: authorized.position };
  }
}
