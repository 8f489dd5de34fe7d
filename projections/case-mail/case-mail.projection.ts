import { caseCodec, statusAfter } from '@shtc/domain';
import { OUTBOX, OUTBOX_COLLECTION, pendingMessage } from '@shtc/notifications';
import type { Document, Projection, ProjectionHandler } from '@shtc/read-store';
import { statusMail } from './status-mail';

export const CASE_MAIL_PROJECTION = 'case-mail';
/** Where each case's mail goes: its company email as last filed or edited. */
export const CASE_MAIL_RECIPIENTS = 'case_mail_recipients';

export interface CaseMailRecipient extends Document {
  caseNo: string;
  companyEmail: string;
}

export interface CaseMailOptions {
  /** Mail only for events this recent: a new read store over an old log must not resend history. */
  isRecent(occurredAt: string): boolean;
}

/**
 * Feeds the outbox one email per case status change, to the case's company email (R-NOTE-1).
 * Whether an event changes the status is `statusAfter`'s to say, the one place transitions are
 * written. The outbox message id is the event id, which the mailers send as the Message-ID, so a
 * message is queued once: `putIfAbsent` into the shared outbox skips what a replay or a rebuild
 * queued before, and `isRecent` skips what an outbox that started empty would otherwise send
 * again (account-mail does the same). A closed case changes status no more, so its mail ends there.
 */
export function caseMailProjection(options: CaseMailOptions): Projection {
  const handler: ProjectionHandler = async (recorded, context) => {
    if (!caseCodec.owns(recorded.stream)) return;
    const event = caseCodec.decode(recorded);
    if (!event) return;
    const caseNo = caseCodec.idOf(recorded.stream);
    switch (event.type) {
      case 'CaseRegistered':
      case 'ExemptCaseFiled':
      case 'ApplicationEdited':
        context.put(CASE_MAIL_RECIPIENTS, { id: caseNo, caseNo, companyEmail: event.data.application.companyEmail } satisfies CaseMailRecipient);
    }
    const change = statusAfter(event);
    if (!change || !options.isRecent(recorded.metadata.occurredAt)) return;
    const recipient = await context.get<CaseMailRecipient>(CASE_MAIL_RECIPIENTS, caseNo);
    if (!recipient) return;
    const { subject, text } = statusMail(caseNo, event, change);
    await context.putIfAbsent(
      OUTBOX,
      pendingMessage({ id: recorded.metadata.eventId, to: recipient.companyEmail, subject, text }, recorded.metadata.occurredAt),
    );
  };
  return {
    name: CASE_MAIL_PROJECTION,
    version: 1,
    collections: [OUTBOX_COLLECTION, { name: CASE_MAIL_RECIPIENTS }],
    handlers: Object.fromEntries(caseCodec.types.map((type) => [type, handler])),
  };
}
