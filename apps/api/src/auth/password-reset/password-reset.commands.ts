import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RefusalError, accountDecider, accountStream, refuse } from '@shtc/domain';
import { EVENT_STORE, decideAndAppend, loadState, type CommandContext, type EventStore } from '@shtc/event-store';
import { READ_STORE, type ReadStore } from '@shtc/read-store';
import { orRefuse } from '../../http/or-refuse';
import { TOKEN_SECRET } from '../../infrastructure/token-secret';
import { hashPassword } from '../password-hasher';
import { readResetToken } from '../reset-tokens';
import { SESSIONS } from '../sessions';

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
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ businessId, context }: RequestPasswordResetCommand): Promise<void> {
    const stream = accountStream(businessId);
    const { state } = await loadState(this.events, stream, accountDecider);
    if (state.status !== 'REGISTERED') return;
    const at = context.now.toISOString();
    await decideAndAppend(
      this.events,
      stream,
      accountDecider,
      (current) =>
        orRefuse(
          accountDecider.decide(
            {
              type: 'RequestPasswordReset',
              resetId: randomBytes(16).toString('base64url'),
              at,
              expiresAt: new Date(context.now.getTime() + RESET_LINK_VALID_MS).toISOString(),
            },
            current,
          ),
        ),
      { ...context, actor: { accountId: state.accountId, role: state.role, businessId } },
    );
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
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(TOKEN_SECRET) private readonly secret: Buffer,
  ) {}

  async execute({ token, newPassword, context }: ResetPasswordCommand) {
    const parsed = readResetToken(this.secret, token);
    if (!parsed) throw new RefusalError(refuse('R-ACC-2', 'This reset link is not valid', 'RULE', 'token'));
    const stream = accountStream(parsed.businessId);
    const { state } = await loadState(this.events, stream, accountDecider);
    if (state.status !== 'REGISTERED') throw new RefusalError(refuse('R-ACC-2', 'This reset link is not valid', 'RULE', 'token'));
    const passwordHash = await hashPassword(newPassword);
    const result = await decideAndAppend(
      this.events,
      stream,
      accountDecider,
      (current) =>
        orRefuse(
          accountDecider.decide(
            { type: 'ResetPassword', resetId: parsed.resetId, passwordHash, at: context.now.toISOString() },
            current,
          ),
        ),
      { ...context, actor: { accountId: state.accountId, role: state.role, businessId: state.businessId } },
    );
    for (;;) {
      const { items } = await this.store.find(SESSIONS, { accountId: state.accountId }, { limit: 500 });
      if (items.length === 0) break;
      for (const session of items) await this.store.delete(SESSIONS, session.id);
    }
    return { position: result.position };
  }
}
