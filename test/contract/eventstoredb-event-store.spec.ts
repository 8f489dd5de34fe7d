import { EventStoreDbEventStore } from '@shtc/event-store/eventstoredb';
import { eventStoreContract } from './event-store.contract';

// EVENTSTORE_URL is a connection string, e.g. esdb://localhost:2113?tls=false (docker-compose.yml).
const url = process.env.EVENTSTORE_URL;

if (url) {
  describe('EventStoreDbEventStore', () => {
    // Network round trips: the large-payload and concurrency cases take longer than in SQLite.
    jest.setTimeout(30_000);
    eventStoreContract(async () => new EventStoreDbEventStore(url));
  });
} else {
  // Skipped, not failed: the suite needs a running EventStoreDB server, which cannot be installed
  // on every machine (architecture.md item 3); set EVENTSTORE_URL to run it. The adapter's
  // server-independent logic is covered by libs/event-store/src/eventstoredb/*.spec.ts.
  console.info('EVENTSTORE_URL not set: EventStoreDB contract suite skipped');
  describe.skip('EventStoreDbEventStore (EVENTSTORE_URL not set)', () => {
    it('runs the event store contract against EventStoreDB', () => undefined);
  });
}
