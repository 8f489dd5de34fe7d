import { Inject } from '@nestjs/common';
import { DeadLetters, MAILER, type Mailer, type OutboxMessage } from '@shtc/notifications';
import { AppConfig, CLOCK, type Clock } from '@shtc/platform';
import { READ_STORE, type ReadStore } from '@shtc/read-store';
import { Command, CommandRunner, Option } from 'nest-commander';

interface DeadLetterOptions {
  resend?: boolean;
  id?: string[];
}

/**
 * Lists the mail the outbox sender gave up on after its retries (dead letters), and with
 * `--resend` sends them once more, now, through this process's mailer (SMTP_URL, or .eml files),
 * reporting each; exit 1 when one still fails or an --id is no dead letter. Works whether or not
 * the server runs: the server's sender never touches a dead letter, so nothing is sent twice at once.
 */
@Command({
  name: 'mail-dead-letters',
  aliases: ['dead-letters'],
  description: 'List the mail that could not be sent after every retry; --resend sends it again',
})
export class MailDeadLettersCommand extends CommandRunner {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async run(_: string[], options: DeadLetterOptions): Promise<void> {
    const deadLetters = new DeadLetters(this.store, this.mailer, this.clock);
    if (options.resend) return this.resend(deadLetters, options.id ?? []);
    const letters = (await deadLetters.list()).filter((letter) => !options.id || options.id.includes(letter.id));
    for (const letter of letters) console.log(describe(letter));
    console.log(letters.length === 0 ? 'No dead letters' : `${letters.length} dead letter(s); resend with --resend (all) or --resend --id ID`);
  }

  private async resend(deadLetters: DeadLetters, ids: string[]): Promise<void> {
    const outcomes = await deadLetters.resend(ids);
    if (outcomes.length === 0) return void console.log('No dead letters to resend');
    for (const outcome of outcomes) {
      if (outcome.outcome === 'SENT') console.log(`Sent ${outcome.id} to ${outcome.to}`);
      else if (outcome.outcome === 'FAILED') console.error(`Failed ${outcome.id} to ${outcome.to}: ${outcome.error} (still a dead letter)`);
      else console.error(`No dead letter ${outcome.id}`);
    }
    const sent = outcomes.filter((outcome) => outcome.outcome === 'SENT').length;
    console.log(`Resent ${sent} of ${outcomes.length} dead letter(s) ${this.transport()}`);
    process.exitCode = sent === outcomes.length ? 0 : 1;
  }

  /** Which way the mail went: an operator who forgot SMTP_URL sees that it became files. */
  private transport(): string {
    if (!this.config.SMTP_URL) return `as .eml files under ${this.config.dataDir}/mail (SMTP_URL is not set)`;
    const url = new URL(this.config.SMTP_URL);
    return `through SMTP ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 25)}`;
  }

  @Option({ flags: '--resend', description: 'send them again now, under their first Message-ID' })
  parseResend(): boolean {
    return true;
  }

  @Option({ flags: '--id <messageId>', description: 'only this message (the outbox id, which is its event id); repeatable' })
  parseId(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }
}

/** One line per dead letter: what an operator needs to find the cause, never the body (it may hold a reset link). */
function describe(letter: OutboxMessage): string {
  return [letter.id, letter.to, `"${letter.subject}"`, `${letter.attempts} attempts`, `dead since ${letter.deadLetteredAt}`, `last error: ${letter.lastError}`].join('  ');
}
