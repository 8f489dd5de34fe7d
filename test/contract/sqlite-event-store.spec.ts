import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@shtc/event-store';
import { eventStoreContract } from './event-store.contract';

describe('SqliteEventStore', () => {
  eventStoreContract(async () => new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'es-')), 'events.sqlite')));
});
