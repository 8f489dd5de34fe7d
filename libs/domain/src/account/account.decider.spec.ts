import { deciderSpec } from '../testing/decider-spec';
import type { AccountCommand } from './account.commands';
import { accountDecider } from './account.decider';
import type { AccountEvent } from './account.events';

const spec = deciderSpec(accountDecider);
const at = '2026-11-25T01:00:00.000Z';

const register: Extract<AccountCommand, { type: 'RegisterAccount' }> = {
  type: 'RegisterAccount',
  accountId: 'acc-1',
  businessId: '12345678',
  kind: 'COMPANY',
  role: 'APPLICANT',
  name: 'Formosa Photonics Co., Ltd.',
  email: 'export@formosa.example',
  passwordHash: 'scrypt$old',
  at,
};
const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: 'acc-1',
    businessId: '12345678',
    kind: 'COMPANY',
    role: 'APPLICANT',
    name: 'Formosa Photonics Co., Ltd.',
    email: 'export@formosa.example',
    passwordHash: 'scrypt$old',
    registeredAt: at,
  },
};
const resetRequested: AccountEvent = {
  type: 'PasswordResetRequested',
  data: { resetId: 'r1', requestedAt: at, expiresAt: '2026-11-25T02:00:00.000Z' },
};

describe('account decider', () => {
  describe('R-ACC-1 one account per business number', () => {
    it('registers a new business number', () => {
      spec.given([]).when(register).then([registered]);
    });
    it('refuses a second registration of the same number', () => {
      spec.given([registered]).when(register).thenRefuses('R-ACC-1', { kind: 'CONFLICT', field: 'businessId' });
    });
    it('refuses any other command on an account that does not exist', () => {
      spec.given([]).when({ type: 'RequestPasswordReset', resetId: 'r1', at, expiresAt: at }).thenRefuses('R-ACC-1', {
        kind: 'NOT_FOUND',
      });
    });
  });

  describe('R-ACC-2 password reset by an expiring one-time link', () => {
    it('records a reset request', () => {
      spec
        .given([registered])
        .when({ type: 'RequestPasswordReset', resetId: 'r1', at, expiresAt: '2026-11-25T02:00:00.000Z' })
        .then([resetRequested]);
    });
    it('changes the password with the latest link before it expires', () => {
      spec
        .given([registered, resetRequested])
        .when({ type: 'ResetPassword', resetId: 'r1', passwordHash: 'scrypt$new', at: '2026-11-25T01:59:59.000Z' })
        .then([{ type: 'PasswordChanged', data: { passwordHash: 'scrypt$new', resetId: 'r1', changedAt: '2026-11-25T01:59:59.000Z' } }]);
    });
    it('refuses an expired link', () => {
      spec
        .given([registered, resetRequested])
        .when({ type: 'ResetPassword', resetId: 'r1', passwordHash: 'x', at: '2026-11-25T02:00:00.000Z' })
        .thenRefuses('R-ACC-2', { field: 'token' });
    });
    it('refuses a link used once already', () => {
      const used: AccountEvent = { type: 'PasswordChanged', data: { passwordHash: 'x', resetId: 'r1', changedAt: at } };
      spec
        .given([registered, resetRequested, used])
        .when({ type: 'ResetPassword', resetId: 'r1', passwordHash: 'y', at })
        .thenRefuses('R-ACC-2');
    });
    it('refuses an older link once a newer one was asked for', () => {
      const newer: AccountEvent = {
        type: 'PasswordResetRequested',
        data: { resetId: 'r2', requestedAt: at, expiresAt: '2026-11-25T02:00:00.000Z' },
      };
      spec
        .given([registered, resetRequested, newer])
        .when({ type: 'ResetPassword', resetId: 'r1', passwordHash: 'y', at })
        .thenRefuses('R-ACC-2');
    });
  });

  describe('R-ACC-4 agent authorisations', () => {
    const authorized: AccountEvent = { type: 'AgentAuthorized', data: { agentBusinessId: '99887766', authorizedAt: at } };
    it('authorises any registered company or person as its agent: a customs broker registers like anyone', () => {
      spec
        .given([registered])
        .when({ type: 'AuthorizeAgent', agentBusinessId: '99887766', agentRole: 'APPLICANT', at })
        .then([authorized]);
    });
    it('changes nothing when the agent is already authorised', () => {
      spec.given([registered, authorized]).when({ type: 'AuthorizeAgent', agentBusinessId: '99887766', agentRole: 'APPLICANT', at }).then([]);
    });
    it('refuses an account that does not exist, a staff account, and itself', () => {
      spec
        .given([registered])
        .when({ type: 'AuthorizeAgent', agentBusinessId: '11112222', agentRole: null, at })
        .thenRefuses('R-ACC-4', { field: 'agentBusinessId' });
      spec
        .given([registered])
        .when({ type: 'AuthorizeAgent', agentBusinessId: 'R001', agentRole: 'REVIEWER', at })
        .thenRefuses('R-ACC-4', { field: 'agentBusinessId' });
      spec
        .given([registered])
        .when({ type: 'AuthorizeAgent', agentBusinessId: '12345678', agentRole: 'APPLICANT', at })
        .thenRefuses('R-ACC-4', { field: 'agentBusinessId' });
    });
    it('refuses a staff account authorising an agent', () => {
      const staff: AccountEvent = { ...registered, data: { ...registered.data, kind: 'STAFF', role: 'REVIEWER' } } as AccountEvent;
      spec
        .given([staff])
        .when({ type: 'AuthorizeAgent', agentBusinessId: '99887766', agentRole: 'APPLICANT', at })
        .thenRefuses('R-ACC-4', { kind: 'FORBIDDEN' });
    });
    it('revokes an authorisation, and refuses to revoke one that does not exist', () => {
      spec
        .given([registered, authorized])
        .when({ type: 'RevokeAgentAuthorization', agentBusinessId: '99887766', at })
        .then([{ type: 'AgentAuthorizationRevoked', data: { agentBusinessId: '99887766', revokedAt: at } }]);
      spec
        .given([registered])
        .when({ type: 'RevokeAgentAuthorization', agentBusinessId: '99887766', at })
        .thenRefuses('R-ACC-4', { kind: 'NOT_FOUND' });
    });
  });
});
