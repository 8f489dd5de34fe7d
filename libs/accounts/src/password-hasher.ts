import { randomBytes, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ScryptPool } from './scrypt-pool';

// OWASP's scrypt floor (N=2^17, r=8, p=1) costs ~128 MB and ~0.3 s here per login; 2^15 keeps
// a login near 80 ms on 2 cores while staying well above brute-force-friendly costs. The
// parameters travel in the hash, so they can be raised later without breaking old hashes.
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

// Not crypto.scrypt: it runs on libuv's 4 threads, which every file operation shares (see scrypt-pool.ts).
const pool = new ScryptPool();

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return pool.derive(password.normalize('NFKC'), salt, KEY_LENGTH, options);
}

/** `scrypt$N$r$p$salt$hash`, base64url parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to verify against when the account does not exist, so timing does not tell. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword('decoy password that never matches'));
}
