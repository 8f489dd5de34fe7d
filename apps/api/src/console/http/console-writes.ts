import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProjectionCatalog } from '@shtc/read-store';
import { READS_PROJECTIONS } from '../../http/read-your-writes.interceptor';

/** Sessions whose last write this process remembers, at most. */
const REMEMBERED = 10_000;
/** How long a page waits for its read models to reach the session's last write (api.md's ?after= waits as long). */
const WAIT_MS = 5000;

/**
 * Read-your-writes for a person, not a request (architecture.md item 7): the API hands a command's
 * position back for the client to send as `?after=`; a person clicking through pages carries none.
 * So the console remembers, per session, the position of the last command it ran for it, and a
 * page that reads projections (@ReadsProjections) waits until they have reached it. A lookup by
 * receipt number right after a submission shows the submission.
 *
 * Kept in this process's memory: with several API processes behind a balancer a page served by
 * another process may show a read model a few milliseconds behind, as the API would without ?after=.
 */
@Injectable()
export class ConsoleWrites {
  private readonly last = new Map<string, bigint>();

  constructor(
    private readonly reflector: Reflector,
    private readonly catalog: ProjectionCatalog,
  ) {}

  /** Records a command's position for the session that ran it. */
  remember(request: object, position: string | bigint | null | undefined): void {
    const token = sessionTokenOf(request);
    if (!token || position === null || position === undefined) return;
    const key = keyOf(token);
    const at = BigInt(position);
    const known = this.last.get(key);
    this.last.delete(key);
    this.last.set(key, known !== undefined && known > at ? known : at);
    if (this.last.size > REMEMBERED) this.last.delete(this.last.keys().next().value!);
  }

  /** Waits until the projections a page reads include the session's last write (never refuses: past 5 s the page shows what there is). */
  async caughtUp(request: object, handler: object): Promise<void> {
    const token = sessionTokenOf(request);
    if (!token) return;
    const position = this.last.get(keyOf(token));
    const names = this.reflector.get<string[] | undefined>(READS_PROJECTIONS, handler as never);
    if (position === undefined || !names || names.length === 0) return;
    await this.catalog.waitFor(names, position, WAIT_MS);
  }
}

/** The session token the access guard resumed the request's session with. */
function sessionTokenOf(request: object): string | null {
  return (request as { sessionToken?: string | null }).sessionToken ?? null;
}

function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
