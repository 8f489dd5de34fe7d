/** DI token for the mail adapter: SMTP when SMTP_URL is set, otherwise .eml files. */
export const MAILER = Symbol('MAILER');

export interface MailMessage {
  /** Stable per message (the event id): a resend after a crash carries the same Message-ID. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

export const MAIL_FROM = 'SHTC Licensing <no-reply@shtc.local>';

/** RFC 5322 Message-ID built from our stable id. */
export function messageIdHeader(messageId: string): string {
  return `<${messageId}@shtc.local>`;
}
