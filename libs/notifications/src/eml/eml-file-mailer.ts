import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { MAIL_FROM, messageIdHeader, type MailMessage, type Mailer } from '../mail.port';

/**
 * Without SMTP_URL, mail is written as `<messageId>.eml` under DATA_DIR/mail/: one file per
 * message id, written atomically, so sending the same message twice leaves one file.
 */
export class EmlFileMailer implements Mailer {
  private readonly composer: Transporter;

  constructor(private readonly directory: string, private readonly from = MAIL_FROM) {
    this.composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: MailMessage): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const file = join(this.directory, `${message.messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
    if (await exists(file)) return;
    const info = await this.composer.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: messageIdHeader(message.messageId),
    });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, info.message as Buffer, { mode: 0o600 });
    await rename(temporary, file);
  }

  async close(): Promise<void> {
    this.composer.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
