import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ScreeningLists } from '@shtc/screening';

/**
 * The screening lists loaded by the CLI (R-REV-7), compiled in this process and refreshed when the
 * catalogue stream moves on: submission and exempt filing screen against them.
 */
@Module({
  providers: [{ provide: ScreeningLists, inject: [EVENT_STORE], useFactory: (events: EventStore) => new ScreeningLists(events) }],
  exports: [ScreeningLists],
})
export class ScreeningListsModule {}
