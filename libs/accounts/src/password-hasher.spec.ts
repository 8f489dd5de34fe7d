import { randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, verifyPassword } from './password-hasher';

describe('password hasher (scrypt on its own threads)', () => {
  it('writes scrypt$N$r$p$salt$hash with the parameters it used, and verifies it', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
  });

  it('verifies hashes written before, by crypto.scrypt on the main thread, with their own parameters', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('ｐａｓｓｗｏｒｄ 2026'.normalize('NFKC'), salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const stored = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    // NFKC: the full-width form the user typed then is the same password now.
    expect(await verifyPassword('ｐａｓｓｗｏｒｄ 2026', stored)).toBe(true);
    expect(await verifyPassword('password 2026', stored)).toBe(true);
    expect(await verifyPassword('password 2027', stored)).toBe(false);
  });

  it('answers many at once, each its own', async () => {
    const passwords = Array.from({ length: 6 }, (_, i) => `password number ${i}`);
    const stored = await Promise.all(passwords.map((p) => hashPassword(p)));
    const checks = await Promise.all(stored.map((hash, i) => verifyPassword(passwords[(i + 1) % passwords.length], hash)));
    expect(checks).toEqual(passwords.map(() => false));
    expect(await Promise.all(stored.map((hash, i) => verifyPassword(passwords[i], hash)))).toEqual(passwords.map(() => true));
  });

  it('refuses a stored hash it cannot read', async () => {
    expect(await verifyPassword('anything', 'bcrypt$2b$10$abc')).toBe(false);
    expect(await verifyPassword('anything', '')).toBe(false);
  });
});
