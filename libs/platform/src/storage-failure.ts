/**
 * A failed read or write of the service's own storage that says the disk cannot take it now
 * (full, read-only, not writable, failing), not that anything was wrong with the request: the
 * error's code, or null for any other error. SQLite reports a full disk as SQLITE_FULL, or as
 * SQLITE_IOERR_WRITE when the write that fails is not a short one; files report the errno.
 */
export function storageFailure(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  return SQLITE_UNAVAILABLE.test(code) || DISK_ERRNO.has(code) ? code : null;
}

const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|READONLY|CANTOPEN|IOERR)/;
/** Out of space or quota, past a file size limit, a read-only file system, no permission, an I/O error. */
const DISK_ERRNO = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS', 'EACCES', 'EPERM', 'EIO']);

/**
 * Logs storage failures once an outage, not once a request: while the disk is full every
 * command, projection batch and outbox run fails the same way, and a line for each would bury
 * the one that matters. The first failure is logged; the ones that follow within `quietMs` are
 * counted, and the next line logged says how many there were. One per process, shared by the
 * HTTP error filter and the background workers.
 */
export class StorageFailureLog {
  private quietUntil = -Infinity;
  private unlogged = 0;

  constructor(
    private readonly write: (message: string, error: unknown) => void,
    private readonly quietMs = 60_000,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Records a storage failure in `where` (a route, a projection); true when it was logged. */
  report(where: string, error: unknown): boolean {
    const now = this.nowMs();
    if (now < this.quietUntil) {
      this.unlogged += 1;
      return false;
    }
    const since = this.unlogged > 0 ? `; ${this.unlogged} more storage failure(s) since the last report` : '';
    this.unlogged = 0;
    this.quietUntil = now + this.quietMs;
    const message = error instanceof Error ? error.message : String(error);
    this.write(`Storage unavailable (${storageFailure(error) ?? 'unknown'}) in ${where}: ${message}${since}; further failures are counted, not logged, for ${Math.round(this.quietMs / 1000)} s`, error);
    return true;
  }
}
