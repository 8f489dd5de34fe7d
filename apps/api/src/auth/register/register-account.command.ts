import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RefusalError, accountDecider, accountStream, checkApplicantId, refuse, refuseAll, type AccountKind, type Role } from '@shtc/domain';
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
    const businessId = checkedBusinessId(input);
    const accountId = randomUUID();
    const { password, ...account } = { ...input, businessId };
    const passwordHash = await hashPassword(password);
    const actor = { accountId, role: input.role, businessId };
    try {
      const result = await decideAndAppend(
        this.events,
        accountStream(businessId),
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
        throw new RefusalError(refuse('R-ACC-1', `Business number ${businessId} already has an account`, 'CONFLICT', 'businessId'));
      }
      throw error;
    }
  }
}

/**
 * R-ACC-6: an applicant's identifier passes its check before anything is hashed or appended;
 * answers it as the check normalised it. Staff identifiers (the CLI's) are not checked.
 */
function checkedBusinessId({ businessId, kind }: RegisterAccountInput): string {
  if (kind === 'STAFF') return businessId;
  const checked = checkApplicantId(businessId, kind);
  if (!checked.ok) throw new RefusalError(refuseAll(checked.issues));
  return checked.value;
}
