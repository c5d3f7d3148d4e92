import { createHash } from 'node:crypto';
import { Secret } from 'otpauth';

/**
 * One-time recovery codes of two-step sign-in: 10 random 80-bit codes (base32, shown as
 * XXXX-XXXX-XXXX-XXXX), shown once; only their SHA-256 is stored (80 random bits make a
 * stolen hash useless without a fast hash being a weakness).
 */
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_CODE = /^[A-Z2-7]{16}$/;

/** Upper case, without spaces or dashes: what is hashed and compared. */
export function normalizeRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Whether typed text has the shape of a recovery code (not of a 6-digit code). */
export function looksLikeRecoveryCode(input: string): boolean {
  return RECOVERY_CODE.test(normalizeRecoveryCode(input));
}

export function hashRecoveryCode(input: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(input)).digest('hex');
}

/** New codes, formatted for people (the caller stores their hashes and shows them once). */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () =>
    new Secret({ size: 10 }).base32.replace(/(.{4})(?!$)/g, '$1-'),
  );
}
