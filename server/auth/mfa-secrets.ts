import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../domain/errors.ts';
import type { AppDeps } from '../trpc/base.ts';

/**
 * TOTP secrets are stored encrypted (AES-256-GCM) with a key that is NOT in the database, so a
 * copy of the database (a backup, a support extract) does not let anyone produce codes.
 *
 * The key comes from CIC_MFA_KEY (any string of 32+ characters; servers sharing one database
 * must share it), else from `<dataDir>/mfa.key` (created on first use, readable by the owner
 * only), else — an in-memory test database — from a random key for the life of the process.
 * Lose the key and every enrolment must be reset by an admin: keep `mfa.key` with the backups.
 */
export const MFA_KEY_FILE = 'mfa.key';
const VERSION = 'v1';

const keys = new Map<string, Buffer>();
const processKey = randomBytes(32);

function keyFor(deps: Pick<AppDeps, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.CIC_MFA_KEY;
  if (fromEnv && fromEnv.length >= 32) return createHash('sha256').update(fromEnv).digest();
  if (!deps.dataDir) return processKey;
  const file = path.join(deps.dataDir, MFA_KEY_FILE);
  let key = keys.get(file);
  if (key) return key;
  if (existsSync(file)) {
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } else {
    key = randomBytes(32);
    // 'wx': never overwrite a key another process wrote meanwhile; read that one instead.
    try {
      writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch {
      key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    }
  }
  if (key.length !== 32) throw new Error(`${file} does not hold a 256-bit key`);
  keys.set(file, key);
  return key;
}

/** Encrypts a base32 secret for the user_mfa table; the user id is bound in as associated data. */
export function sealSecret(deps: Pick<AppDeps, 'dataDir'>, userId: number, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(deps), iv);
  cipher.setAAD(Buffer.from(`user:${userId}`));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, ...[iv, cipher.getAuthTag(), body].map((p) => p.toString('base64'))].join('.');
}

/** Decrypts a stored secret; a missing or changed key is a clear refusal, not a crash. */
export function openSecret(deps: Pick<AppDeps, 'dataDir'>, userId: number, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  try {
    if (version !== VERSION || !iv || !tag || !body) {
      throw new Error('unknown format');
    }
    const decipher = createDecipheriv('aes-256-gcm', keyFor(deps), Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(`user:${userId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new DomainError(
      'PRECONDITION',
      'Two-step sign-in cannot be checked on this server (its key is missing or changed). Ask an admin to reset your two-step sign-in.',
    );
  }
}
