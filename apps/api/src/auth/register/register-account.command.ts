import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RefusalError, accountDecider, accountStream, refuse, type AccountKind, type Role } from '@shtc/domain';
import { EVENT_STORE, WrongExpectedRevisionError, decideAndAppend, type CommandContext, type EventStore } from '@shtc/event-store';
import { orRefuse } from '../../http/or-refuse';
import { hashPassword } from '../password-hasher';

export interface RegisterAccountInput {
  businessId: string;
  kind: AccountKind;
  role: Role;
  name: string;
  email: string;
  password: string;
}

export class RegisterAccountCommand extends Command<{ accountId: string; position: bigint }> {
  constructor(
    readonly input: RegisterAccountInput,
    readonly context: Omit<CommandContext, 'actor'>,
  ) {
    super();
  }
}

/** R-ACC-1: one account per business number — an append that expects no stream. */
@CommandHandler(RegisterAccountCommand)
export class RegisterAccountHandler implements ICommandHandler<RegisterAccountCommand> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ input, context }: RegisterAccountCommand) {
    const accountId = randomUUID();
    const { password, ...account } = input;
    const passwordHash = await hashPassword(password);
    const actor = { accountId, role: input.role, businessId: input.businessId };
    try {
      const result = await decideAndAppend(
        this.events,
        accountStream(input.businessId),
        accountDecider,
        (state) =>
          orRefuse(
            accountDecider.decide(
              { type: 'RegisterAccount', accountId, ...account, passwordHash, at: context.now.toISOString() },
              state,
            ),
          ),
        { ...context, actor },
      );
      return { accountId, position: result.position };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        throw new RefusalError(refuse('R-ACC-1', `Business number ${input.businessId} already has an account`, 'CONFLICT', 'businessId'));
      }
      throw error;
    }
  }
}
