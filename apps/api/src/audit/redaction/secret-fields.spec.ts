import { accountCodec, type AccountEvent } from '@shtc/domain';
import { ACCOUNT_SECRET_FIELDS, LOOKS_SECRET, NOT_SECRET, REDACTED, redact } from './secret-fields';

type Samples = { [T in AccountEvent['type']]: Extract<AccountEvent, { type: T }>['data'] };

/**
 * One event of every account type, with every field its type declares: a new type, or a new
 * required field, does not compile until it has a sample here, and then the scan below sees it.
 */
const samples: Samples = {
  AccountRegistered: {
    accountId: 'acc-1', businessId: '12345678', kind: 'COMPANY', role: 'APPLICANT', name: 'Formosa Optics', email: 'export@formosa.example',
    passwordHash: 'scrypt$N=16384$c2FsdA$aGFzaA', registeredAt: '2026-12-30T01:00:00.000Z',
  },
  PasswordResetRequested: { resetId: 'reset-1', requestedAt: '2026-12-30T01:00:00.000Z', expiresAt: '2026-12-30T02:00:00.000Z' },
  PasswordChanged: { passwordHash: 'scrypt$N=16384$c2FsdA$bmV3', resetId: 'reset-1', changedAt: '2026-12-30T01:10:00.000Z' },
  AgentAuthorized: { agentBusinessId: '87654321', authorizedAt: '2026-12-30T01:00:00.000Z' },
  AgentAuthorizationRevoked: { agentBusinessId: '87654321', revokedAt: '2026-12-31T01:00:00.000Z' },
};

describe('secrets of account events never leave through the audit', () => {
  it('has a sample of every account event type the codec reads', () => {
    expect(Object.keys(samples).sort()).toEqual([...accountCodec.types].sort());
  });

  it.each(Object.entries(samples))('%s: every field whose name looks secret is redacted, or allowed on purpose', (type, data) => {
    const listed = ACCOUNT_SECRET_FIELDS[type as AccountEvent['type']] as readonly string[];
    const unredacted = Object.keys(data).filter((key) => LOOKS_SECRET.test(key) && !listed.includes(key) && !Object.hasOwn(NOT_SECRET, key));
    expect(unredacted).toEqual([]);
    // And what is listed is a field the event has: a renamed field would leave its secret out.
    expect(listed.filter((key) => !Object.hasOwn(data, key))).toEqual([]);
  });

  it('replaces password hashes and reset ids, keeps everything else, and leaves the event as it was', () => {
    const original = structuredClone(samples.PasswordChanged);
    const { data, redacted } = redact('account', 'PasswordChanged', samples.PasswordChanged);
    expect(data).toEqual({ passwordHash: REDACTED, resetId: REDACTED, changedAt: '2026-12-30T01:10:00.000Z' });
    expect(redacted).toEqual(['passwordHash', 'resetId']);
    expect(samples.PasswordChanged).toEqual(original);
    expect(redact('account', 'AccountRegistered', samples.AccountRegistered).data).toMatchObject({ passwordHash: REDACTED, email: 'export@formosa.example' });
  });

  it('keeps a null reset id (a change without a reset link) as null', () => {
    expect(redact('account', 'PasswordChanged', { ...samples.PasswordChanged, resetId: null })).toEqual({
      data: { passwordHash: REDACTED, resetId: null, changedAt: '2026-12-30T01:10:00.000Z' },
      redacted: ['passwordHash'],
    });
  });

  it('fails closed on an account event type it does not know: every field that looks secret goes', () => {
    const { data } = redact('account', 'TwoFactorEnrolled', { totpSecret: 'JBSWY3DPEHPK3PXP', recoveryToken: 'abc', enrolledAt: '2027-01-01T00:00:00Z' });
    expect(data).toEqual({ totpSecret: REDACTED, recoveryToken: REDACTED, enrolledAt: '2027-01-01T00:00:00Z' });
  });

  it('leaves other streams as stored: a case event\'s sha256 of an attachment is evidence, not a secret', () => {
    const attachment = { attachmentId: 'a1', sha256: 'ab'.repeat(32) };
    expect(redact('case', 'AttachmentAdded', attachment)).toEqual({ data: attachment, redacted: [] });
  });
});
