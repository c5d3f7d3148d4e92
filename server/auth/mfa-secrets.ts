import { DomainError, msg } from '../domain/errors.ts';
import { open, seal, type SealDeps } from './seal.ts';

/**
 * TOTP secrets are stored sealed (AES-256-GCM, server/auth/seal.ts) with a key that is NOT in the
 * database, so a copy of the database does not let anyone produce codes. Lose the key and every
 * enrolment must be reset by an admin.
 */
export { MFA_KEY_FILE } from './seal.ts';

/** Encrypts a base32 secret for the user_mfa table; the user id is bound in as associated data. */
export function sealSecret(deps: SealDeps, userId: number, secret: string): string {
  return seal(deps, `user:${userId}`, secret);
}

/** Decrypts a stored secret; a missing or changed key is a clear refusal, not a crash. */
export function openSecret(deps: SealDeps, userId: number, sealed: string): string {
  try {
    return open(deps, `user:${userId}`, sealed);
  } catch {
    throw new DomainError('PRECONDITION', msg('auth.mfaKeyMissing'));
  }
}
