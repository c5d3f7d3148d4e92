import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../trpc/base.ts';

/**
 * THE seal for data at rest (issue 21): AES-256-GCM with a key that is NOT in the database, so a
 * copy of the database (a backup, a support extract) does not reveal what is sealed. Used for
 * the TOTP secrets (mfa-secrets.ts) and the EasyPay bank account numbers
 * (server/customers/bank-account-seal.ts).
 *
 * The key comes from CIC_MFA_KEY (any string of 32+ characters; servers sharing one database —
 * PostgreSQL — must share it), else from `<dataDir>/mfa.key` (created on first use, readable by
 * the owner only), else — an in-memory test database — from a random key for the life of the
 * process. Lose the key and sealed values cannot be opened: keep `mfa.key` with the backups.
 */
export const MFA_KEY_FILE = 'mfa.key';
const VERSION = 'v1';

export type SealDeps = Pick<AppDeps, 'dataDir'>;

const keys = new Map<string, Buffer>();
const processKey = randomBytes(32);

function keyFor(deps: SealDeps, env: NodeJS.ProcessEnv = process.env): Buffer {
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

/**
 * Encrypts `plain`; `context` (e.g. `user:7`) is bound in as associated data, so a sealed value
 * copied to another context does not open. Returns `v1.<iv>.<tag>.<body>` (base64 parts).
 */
export function seal(deps: SealDeps, context: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(deps), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, ...[iv, cipher.getAuthTag(), body].map((p) => p.toString('base64'))].join('.');
}

/** Decrypts what `seal` produced with the same context; throws on a wrong key, context or format. */
export function open(deps: SealDeps, context: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !body) throw new Error('unknown sealed format');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(deps), Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}
