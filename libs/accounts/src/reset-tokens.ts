import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A reset token names the account and the reset request, and is signed with the server secret.
 * The log holds only the request id; without the secret no one can forge the token from it.
 */
export function resetToken(secret: Buffer, businessId: string, resetId: string): string {
  const account = Buffer.from(businessId, 'utf8').toString('base64url');
  return `${account}.${resetId}.${signature(secret, businessId, resetId)}`;
}

export function readResetToken(secret: Buffer, token: string): { businessId: string; resetId: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [account, resetId, given] = parts;
  const businessId = Buffer.from(account, 'base64url').toString('utf8');
  const expected = Buffer.from(signature(secret, businessId, resetId));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { businessId, resetId };
}

function signature(secret: Buffer, businessId: string, resetId: string): string {
  return createHmac('sha256', secret).update(`${businessId}\n${resetId}`).digest('base64url');
}
