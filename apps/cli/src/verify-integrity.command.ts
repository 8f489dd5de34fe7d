import { Inject } from '@nestjs/common';
import { EVENT_STORE, verifyIntegrity, type EventStore } from '@shtc/event-store';
import { Command, CommandRunner, Option } from 'nest-commander';

/** Exit 0 when every hash chain holds; 1 naming each broken stream and revision. */
@Command({ name: 'verify-integrity', description: 'Verify the hash chain of every stream (or one)' })
export class VerifyIntegrityCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {
    super();
  }

  async run(_: string[], options: { stream?: string }): Promise<void> {
    const report = await verifyIntegrity(this.events, options.stream);
    for (const broken of report.broken) {
      console.error(`BROKEN ${broken.stream} at revision ${broken.revision} (${broken.reason})`);
    }
    console.log(`${report.valid ? 'OK' : 'BROKEN'}: ${report.streams} streams, ${report.events} events, ${report.broken.length} broken`);
    process.exitCode = report.valid ? 0 : 1;
  }

  @Option({ flags: '--stream <stream>', description: 'only this stream, e.g. account-12345678' })
  parseStream(value: string): string {
    return value;
  }
}
