import { randomUUID } from 'node:crypto';
import { hashPassword } from '@shtc/accounts';
import { executeOnStream } from '@shtc/commands';
import { accountCodec, accountDecider, type Actor, type Role } from '@shtc/domain';
import { EVENT_STORE, type EventStore } from '@shtc/event-store';
import { projectionsReach, type Answer, type TestApp } from '@shtc/testing';
import { Sessions } from '../../../apps/api/src/auth/sessions';

/**
 * How hard the concurrency spec pushes: CI runs the defaults; `npm run soak` sets more.
 * CONCURRENCY_CLIENTS is the number of requests sent at once to one case or licence,
 * CONCURRENCY_ROUNDS how many times each race is run (each on a fresh case or licence).
 */
export const CLIENTS = wholeNumber('CONCURRENCY_CLIENTS', 50, 2);
export const ROUNDS = wholeNumber('CONCURRENCY_ROUNDS', 1, 1);

function wholeNumber(name: string, fallback: number, least: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < least) throw new Error(`${name} must be a whole number of at least ${least} (got "${raw}")`);
  return value;
}

/** A signed-in client of the API, with the actor its commands record. */
export interface Client {
  businessId: string;
  token: string;
  name: string;
  actor: Actor;
}

let shared: Promise<string> | null = null;

/**
 * `count` accounts of one role, registered through the account decider as the CLI's
 * create-staff does, and signed in. Not over POST /auth/login: each login costs a scrypt
 * derivation (~80 ms on one thread), and fifty reviewers would spend the spec's time budget
 * signing in, which is not what it tests. One password hash serves them all.
 */
export async function signedIn(t: TestApp, role: Role, count: number): Promise<Client[]> {
  const passwordHash = await (shared ??= hashPassword('concurrency spec password, never used to sign in'));
  const events = t.app.get<EventStore>(EVENT_STORE);
  const sessions = t.app.get(Sessions, { strict: false });
  // All at once: their appends and session writes share commits (the writers group them).
  const clients = await Promise.all(
    Array.from({ length: count }, async (_, i): Promise<Client & { position: bigint }> => {
      const accountId = randomUUID();
      const businessId = `${role[0]}C${randomUUID().slice(0, 8).toUpperCase()}`;
      const name = `${role.toLowerCase()} ${i + 1} ${businessId}`;
      const actor: Actor = { accountId, role, businessId };
      const at = t.clock.now();
      const registered = await executeOnStream(events, { codec: accountCodec, decider: accountDecider }, businessId, { actor, now: at, correlationId: `concurrency-${accountId}` }, {
        command: () => ({ type: 'RegisterAccount' as const, accountId, businessId, kind: 'STAFF' as const, role, name, email: `${businessId.toLowerCase()}@boft.example`, passwordHash, at: at.toISOString() }),
      });
      const { token } = await sessions.open({ accountId, businessId, role, name });
      return { businessId, token, name, actor, position: registered.position };
    }),
  );
  const position = clients.reduce((highest, client) => (client.position > highest ? client.position : highest), 0n);
  await projectionsReach(t, position);
  return clients.map(({ position: _, ...client }) => client);
}

/** What every answer to a racing command must be: a success, or a refusal as problem+json (409 or 422). */
export function unexpectedAnswers(answers: Answer[]): Array<{ status: number; body: unknown }> {
  return answers
    .filter((answer) => {
      if (answer.status >= 200 && answer.status < 300) return false;
      const problem = (answer.headers.get('content-type') ?? '').includes('application/problem+json');
      return !(problem && (answer.status === 409 || answer.status === 422) && answer.body?.status === answer.status);
    })
    .map(({ status, body }) => ({ status, body }));
}

/** How many answers had each status, for a readable failure and the report. */
export function tally(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** A distinct Idempotency-Key per client and request, as a well-behaved client sends. */
export function keyFor(...parts: Array<string | number>): Record<string, string> {
  return { 'idempotency-key': `${parts.join('-')}-${randomUUID()}` };
}
