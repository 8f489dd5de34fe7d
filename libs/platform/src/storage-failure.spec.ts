import { StorageFailureLog, storageFailure } from './storage-failure';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('storage failures', () => {
  it('are the errors of a full, read-only or failing disk, and nothing else', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_CANTOPEN', 'ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS', 'EACCES', 'EIO']) {
      expect(storageFailure(coded(code))).toBe(code);
    }
    for (const error of [coded('SQLITE_CONSTRAINT_PRIMARYKEY'), coded('ENOENT'), coded('ECONNREFUSED'), new Error('disk I/O error'), null, undefined, 'EFBIG']) {
      expect(storageFailure(error)).toBeNull();
    }
  });

  it('are logged once an outage: the next line, a quiet period later, counts those not logged', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new StorageFailureLog((message) => lines.push(message), 60_000, () => now);
    expect(log.report('POST /applications', coded('SQLITE_FULL'))).toBe(true);
    for (let i = 0; i < 100; i++) {
      now += 500;
      expect(log.report('Projections', coded('SQLITE_IOERR_WRITE'))).toBe(false);
    }
    expect(lines).toEqual([expect.stringMatching(/^Storage unavailable \(SQLITE_FULL\) in POST \/applications: SQLITE_FULL; further failures are counted, not logged, for 60 s$/)]);
    now += 10_000;
    log.report('Outbox', coded('EFBIG'));
    expect(lines[1]).toMatch(/^Storage unavailable \(EFBIG\) in Outbox: EFBIG; 100 more storage failure\(s\) since the last report;/);
  });
});
