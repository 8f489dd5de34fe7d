import { randomUUID } from 'node:crypto';
import { executeOnStream } from '@shtc/commands';
import type { Actor, CaseCommand } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { ProjectionCatalog, type Projection } from '@shtc/read-store';
import { PROJECTIONS } from '@shtc/storage';
import { CASE_KIND, type CaseKind } from '../../apps/api/src/applications/cases';
import type { TestApp } from './app';
import { staffLogin } from './app';

/** A signed-in staff member with the actor its commands record. */
export interface Staff {
  businessId: string;
  token: string;
  name: string;
  actor: Actor;
}

/** A reviewer (or other staff) created as the CLI does, signed in, with its account id and name. */
export async function staff(t: TestApp, role: 'REVIEWER' | 'AUDITOR' | 'CUSTOMS' | 'ADMIN' = 'REVIEWER'): Promise<Staff> {
  const { businessId, token } = await staffLogin(t, role);
  const me = await t.http.get('/auth/me', { token });
  return { businessId, token, name: me.body.name, actor: { accountId: me.body.accountId, role, businessId } };
}

/**
 * Decides a command on a case through the case decider and appends its events at the revision
 * read (the command path, without HTTP), at the test clock's time, then waits for the
 * projections: for moving a seeded case through review steps whose routes are not under test.
 */
export async function decideOnCase(
  t: TestApp,
  caseNo: string,
  command: (at: string) => CaseCommand,
  options: { wait?: boolean } = {},
): Promise<{ position: bigint }> {
  const kind = t.app.get<CaseKind>(CASE_KIND, { strict: false });
  const now = t.clock.now();
  const executed = await executeOnStream(t.app.get<EventStore>(EVENT_STORE), kind, caseNo, { actor: command(now.toISOString()).by, now, correlationId: `test-${randomUUID()}` }, {
    command: () => command(now.toISOString()),
  });
  if (options.wait === false) return { position: executed.position };
  const names = t.app.get<Projection[]>(PROJECTIONS).map((projection) => projection.name);
  if (!(await t.app.get(ProjectionCatalog).waitFor(names, executed.position, 5000))) throw new Error(`Projections did not reach ${executed.position}`);
  return { position: executed.position };
}
