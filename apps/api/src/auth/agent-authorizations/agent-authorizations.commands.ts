import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountDecider, accountStream, type AccountCommand } from '@shtc/domain';
import { EVENT_STORE, decideAndAppend, loadState, type CommandContext, type EventStore } from '@shtc/event-store';
import { orRefuse } from '../../http/or-refuse';

export class AuthorizeAgentCommand extends Command<{ position: bigint }> {
  constructor(
    readonly agentBusinessId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** R-ACC-4: an applicant authorises a registered agent (customs broker) to act for it. */
@CommandHandler(AuthorizeAgentCommand)
export class AuthorizeAgentHandler implements ICommandHandler<AuthorizeAgentCommand> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ agentBusinessId, context }: AuthorizeAgentCommand) {
    const { state: agent } = await loadState(this.events, accountStream(agentBusinessId), accountDecider);
    const command: AccountCommand = {
      type: 'AuthorizeAgent',
      agentBusinessId,
      agentRole: agent.status === 'REGISTERED' ? agent.role : null,
      at: context.now.toISOString(),
    };
    const result = await decideAndAppend(
      this.events,
      accountStream(context.actor.businessId),
      accountDecider,
      (state) => orRefuse(accountDecider.decide(command, state)),
      context,
    );
    return { position: result.position };
  }
}

export class RevokeAgentAuthorizationCommand extends Command<{ position: bigint }> {
  constructor(
    readonly agentBusinessId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RevokeAgentAuthorizationCommand)
export class RevokeAgentAuthorizationHandler implements ICommandHandler<RevokeAgentAuthorizationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ agentBusinessId, context }: RevokeAgentAuthorizationCommand) {
    const result = await decideAndAppend(
      this.events,
      accountStream(context.actor.businessId),
      accountDecider,
      (state) =>
        orRefuse(accountDecider.decide({ type: 'RevokeAgentAuthorization', agentBusinessId, at: context.now.toISOString() }, state)),
      context,
    );
    return { position: result.position };
  }
}
