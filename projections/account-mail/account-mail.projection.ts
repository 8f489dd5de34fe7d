import { accountCodec } from '@shtc/domain';
import { OUTBOX, OUTBOX_COLLECTION, pendingMessage } from '@shtc/notifications';
import { decodedHandlers, type Projection } from '@shtc/read-store';
import type { AccountDocument } from '../accounts/accounts.projection';

export const ACCOUNT_MAIL_PROJECTION = 'account-mail';

export interface AccountMailOptions {
  /** The one-time token for a reset: derived from a server secret, so it never sits in the log. */
  resetToken(businessId: string, resetId: string): string;
  /** Where the applicant completes the reset (a front end's page). */
  resetUrl(token: string): string;
  /** Mail only for events this recent: a new read store over an old log must not resend history. */
  isRecent(occurredAt: string): boolean;
}


/** Feeds the outbox with account mail (R-ACC-2). The outbox message id is the event id. */
export function accountMailProjection(options: AccountMailOptions): Projection {
  return {
    name: ACCOUNT_MAIL_PROJECTION,
    version: 1,
    collections: [OUTBOX_COLLECTION, { name: 'recipients' }],
    handlers: decodedHandlers(accountCodec, {
      AccountRegistered: (event, _, context) => {
        const { businessId, email, name } = event.data;
        context.put('recipients', { id: businessId, email, name });
      },
      PasswordResetRequested: async (event, recorded, context) => {
        if (!options.isRecent(recorded.metadata.occurredAt)) return;
        const businessId = accountCodec.idOf(recorded.stream);
        const recipient = await context.get<Pick<AccountDocument, 'id' | 'email' | 'name'>>('recipients', businessId);
        if (!recipient) return;
        const { resetId, expiresAt } = event.data;
        const token = options.resetToken(businessId, resetId);
        const text = [
          `Dear ${recipient.name},`,
          '',
          `A password reset was requested for account ${businessId} of the SHTC export licence system.`,
          `Open this link before ${expiresAt} to choose a new password (it works once):`,
          '',
          options.resetUrl(token),
          '',
          `Or send this one-time token to POST /auth/password-reset/confirm: ${token}`,
          '',
          'If you did not ask for this, ignore this message; your password stays as it is.',
          '',
          '您好：有人為此帳號申請重設密碼。請於期限內使用上方連結（限用一次）；若非您本人申請，請忽略本信。',
        ].join('\n');
        await context.putIfAbsent(
          OUTBOX,
          pendingMessage(
            { id: recorded.metadata.eventId, to: recipient.email, subject: 'Password reset / 密碼重設', text, sensitive: true },
            recorded.metadata.occurredAt,
          ),
        );
      },
    }),
  };
}
