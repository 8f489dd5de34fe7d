import { Inject } from '@nestjs/common';
import { EVENT_STORE, verifyIntegrity, type EventStore } from '@shtc/event-store';
import { Command, CommandRunner, Option } from 'nest-commander';

/**
 * The same check as GET /audit/integrity (libs/event-store/src/integrity): exit 0 when every
 * hash chain holds and every stream reaches its recorded head; 1 naming each broken stream, its
 * first broken revision and why; 2 for a --stream that does not exist.
 */
@Command({ name: 'verify-integrity', description: 'Verify the hash chain and recorded head of every stream (or one)' })
export class VerifyIntegrityCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {
    super();
  }

  async run(_: string[], options: { stream?: string }): Promise<void> {
    const report = await verifyIntegrity(this.events, { stream: options.stream });
    if (options.stream !== undefined && report.streams === 0) {
      console.error(`No stream ${options.stream}: it has no events and no recorded head`);
      process.exitCode = 2;
      return;
    }
    for (const broken of report.broken) {
      console.error(`BROKEN ${broken.stream} at revision ${broken.revision} (${broken.reason}): ${broken.message}`);
    }
    const summary = `${report.streams} streams, ${report.events} events, ${report.broken.length} broken`;
    console.log(`${report.valid ? 'OK' : 'BROKEN'}: ${summary} (the log read to position ${report.position})`);
    process.exitCode = report.valid ? 0 : 1;
  }

  @Option({ flags: '--stream <stream>', description: 'only this stream, e.g. account-12345678' })
  parseStream(value: string): string {
    return value;
  }
}
