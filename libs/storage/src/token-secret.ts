import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_SECRET = Symbol('TOKEN_SECRET');

/**
 * The secret behind reset-link tokens: TOKEN_SECRET when set (several API processes must
 * share it), else one generated once and kept in DATA_DIR/token-secret, readable by its owner only.
 */
export function loadTokenSecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = join(dataDir, 'token-secret');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32);
    try {
      writeFileSync(file, secret.toString('base64'), { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another process created it first: use theirs.
      return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    }
  }
}
