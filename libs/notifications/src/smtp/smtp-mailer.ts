import nodemailer, { type Transporter } from 'nodemailer';
import { MAIL_FROM, messageIdHeader, type MailMessage, type Mailer } from '../mail.port';
import { OUTBOX_CONCURRENCY } from '../outbox';

/**
 * Sends through an SMTP server (nodemailer), e.g. SMTP_URL=smtp://mail.example:587, over a pool
 * of connections kept open (one per message the outbox sends at once), not a connection and
 * its greeting, EHLO, STARTTLS and AUTH per message. The URL's own options win
 * (`?pool=false`, `?maxConnections=1` for a server that takes one connection per client).
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(url: string, private readonly from = MAIL_FROM) {
    this.transport = nodemailer.createTransport({ url, pool: true, maxConnections: OUTBOX_CONCURRENCY });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: messageIdHeader(message.messageId),
    });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
