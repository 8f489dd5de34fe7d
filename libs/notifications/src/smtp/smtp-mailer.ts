import nodemailer, { type Transporter } from 'nodemailer';
import { MAIL_FROM, messageIdHeader, type MailMessage, type Mailer } from '../mail.port';

/** Sends through an SMTP server (nodemailer), e.g. SMTP_URL=smtp://mail.example:587. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(url: string, private readonly from = MAIL_FROM) {
    this.transport = nodemailer.createTransport(url);
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
