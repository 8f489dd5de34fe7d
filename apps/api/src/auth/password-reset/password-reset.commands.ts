import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { hashPassword, readResetToken } from '@shtc/accounts';
import type { CommandContext } from '@shtc/commands';
import { RefusalError, refuse } from '@shtc/domain';
import { TOKEN_SECRET } from '@shtc/storage';
import { OnAccount } from '../accounts';
import { Sessions } from '../sessions';

/** R-ACC-2: a reset link works for an hour, once. */
export const RESET_LINK_VALID_MS = 60 * 60 * 1000;

export class RequestPasswordResetCommand extends Command<void> {
  constructor(
    readonly businessId: string,
    readonly context: Omit<CommandContext, 'actor'>,
  ) {
    super();
  }
}

/** Records the request; the account-mail projection sends the link. Unknown accounts: nothing, silently. */
@CommandHandler(RequestPasswordResetCommand)
export class RequestPasswordResetHandler implements ICommandHandler<RequestPasswordResetCommand> {
  constructor(private readonly commands: CommandBus) {}

  async execute({ businessId, context }: RequestPasswordResetCommand): Promise<void> {
    const command = () => ({
      type: 'RequestPasswordReset' as const,
      resetId: randomBytes(16).toString('base64url'),
      at: context.now.toISOString(),
      expiresAt: new Date(context.now.getTime() + RESET_LINK_VALID_MS).toISOString(),
    });
    await this.commands.execute(new OnAccount(businessId, context, command)).catch((error) => {
      // The answer must not tell whether the account exists.
      if (!(error instanceof RefusalError && error.refusal.kind === 'NOT_FOUND')) throw error;
    });
  }
}

export class ResetPasswordCommand extends Command<{ position: bigint }> {
  constructor(
    readonly token: string,
    readonly newPassword: string,
    readonly context: Omit<CommandContext, 'actor'>,
  ) {
    super();
  }
}

/** Sets the new password and ends every session of the account. */
@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler implements ICommandHandler<ResetPasswordCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly sessions: Sessions,
    @Inject(TOKEN_SECRET) private readonly secret: Buffer,
  ) {}

  async execute({ token, newPassword, context }: ResetPasswordCommand) {
    const invalid = () => new RefusalError(refuse('R-ACC-2', 'This reset link is not valid', 'RULE', 'token'));
    const parsed = readResetToken(this.secret, token);
    if (!parsed) throw invalid();
    const passwordHash = await hashPassword(newPassword);
    const changed = await this.commands
      .execute(new OnAccount(parsed.businessId, context, () => ({ type: 'ResetPassword', resetId: parsed.resetId, passwordHash, at: context.now.toISOString() })))
      .catch((error) => {
        throw error instanceof RefusalError && error.refusal.kind === 'NOT_FOUND' ? invalid() : error;
      });
    if (changed.state.status === 'REGISTERED') {
      await this.sessions.closeAll(changed.state.accountId);
    }
    return { position: changed.position };
  }
}
