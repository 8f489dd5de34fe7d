import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '@shtc/read-store';
import { readStoreContract } from './read-store.contract';

describe('SqliteReadStore', () => {
  readStoreContract(async () => new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'rs-')), 'read.sqlite')));
});
