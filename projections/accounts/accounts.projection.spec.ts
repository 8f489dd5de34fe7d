import type { RecordedEvent } from '@shtc/event-store';
import { projectInMemory } from '@shtc/read-store';
import { accountsProjection } from './accounts.projection';

let position = 0n;
const revisions = new Map<string, number>();
const event = (stream: string, type: string, data: object): RecordedEvent => ({
  stream,
  revision: (revisions.set(stream, (revisions.get(stream) ?? -1) + 1), revisions.get(stream)!),
  position: ++position,
  type,
  data,
  metadata: {
    eventId: `e${position}`,
    occurredAt: `2026-11-25T01:00:0${position}.000Z`,
    actor: { accountId: 'a', role: 'APPLICANT', businessId: '12345678' },
    correlationId: 'c',
    causationId: 'c',
    schemaVersion: 1,
    prevHash: '',
    hash: '',
  },
});

describe('accounts projection', () => {
  const events = [
    event('account-12345678', 'AccountRegistered', {
      accountId: 'a', businessId: '12345678', kind: 'COMPANY', role: 'APPLICANT', name: 'Formosa', email: 'x@formosa.example', passwordHash: 'scrypt$secret', registeredAt: '2026-11-25T01:00:00.000Z',
    }),
    event('account-12345678', 'AgentAuthorized', { agentBusinessId: '99887766', authorizedAt: 'now' }),
    event('account-12345678', 'AgentAuthorized', { agentBusinessId: '11223344', authorizedAt: 'now' }),
    event('account-12345678', 'AgentAuthorizationRevoked', { agentBusinessId: '99887766', revokedAt: 'now' }),
  ];

  it('keeps each account with the agents it authorised, never its password hash', async () => {
    const docs = await projectInMemory(accountsProjection, events);
    const account = docs.get('accounts')!.get('12345678')!;
    expect(account).toMatchObject({ businessId: '12345678', role: 'APPLICANT', agents: ['11223344'] });
    expect(JSON.stringify(account)).not.toContain('scrypt');
  });

  it('gives the same documents when its events are applied twice', async () => {
    const once = await projectInMemory(accountsProjection, events);
    const twice = await projectInMemory(accountsProjection, events, await projectInMemory(accountsProjection, events));
    expect(twice).toEqual(once);
  });
});
