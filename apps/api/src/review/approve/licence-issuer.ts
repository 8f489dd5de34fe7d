import { Inject, Injectable } from '@nestjs/common';
import { executeOnStream, type CommandContext } from '@shtc/commands';
import { licenceCodec, licenceDecider, type FiledCase } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';

/**
 * Opens the `licence-<licenceNo>` stream of an approved case (R-LIC-1), through the licence
 * decider: a stream that exists already is left as it is, so a retry never issues twice.
 */
@Injectable()
export class LicenceIssuer {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async issue(approvedCase: FiledCase, context: CommandContext): Promise<void> {
    const licenceNo = approvedCase.licence?.licenceNo;
    if (!licenceNo) return;
    await executeOnStream(this.events, { codec: licenceCodec, decider: licenceDecider }, licenceNo, context, {
      command: () => ({ type: 'IssueLicence', approvedCase, at: context.now.toISOString() }),
    });
  }
}
