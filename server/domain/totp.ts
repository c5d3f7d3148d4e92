import { Secret, TOTP } from 'otpauth';
import type { Role } from '../../db/schema/index.ts';

/**
 * Two-step sign-in with time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second
 * steps — what every authenticator app speaks). Pure rules: "now" is passed in.
 *
 * - A code is accepted for the current step or one step either side (±30 s of clock drift).
 * - A code is accepted only for a step newer than the last one accepted for the user, so a code
 *   (even a still-valid one) can never be used twice.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
/** Issuer shown in the authenticator app next to the username. */
export const TOTP_ISSUER = 'CIC Desk';

/** Roles that must use two-step sign-in on a production database. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['supervisor', 'admin'];

/** True when this user may not work on this database without two-step sign-in. */
export function mfaRequired(role: Role, databaseKind: 'production' | 'training'): boolean {
  return databaseKind === 'production' && MFA_REQUIRED_ROLES.includes(role);
}

/** A new random 160-bit secret, base32 (the "manual key" a user can type into an app). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, label = 'user'): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

/** The 30-second step `now` falls in (number of periods since the Unix epoch). */
export function totpStep(now: Date): number {
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now.getTime() });
}

/** The code for `now` (tests and the enrolment self-check only; the server never shows it). */
export function totpCode(secretBase32: string, now: Date): string {
  return totpFor(secretBase32).generate({ timestamp: now.getTime() });
}

/** Digits only, spaces and dashes forgiven ("123 456" is what some apps display). */
export function normalizeCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'replayed' };

/**
 * @example
 * checkTotp(secret, '123456', now, lastUsedStep)
 * // → { ok: true, step: 59_012_345 } | { ok: false, reason: 'wrong' | 'replayed' }
 */
export function checkTotp(
  secretBase32: string,
  code: string,
  now: Date,
  lastUsedStep: number,
): TotpCheck {
  const token = normalizeCode(code);
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(token)) return { ok: false, reason: 'wrong' };
  const delta = totpFor(secretBase32).validate({
    token,
    timestamp: now.getTime(),
    window: TOTP_WINDOW,
  });
  if (delta === null) return { ok: false, reason: 'wrong' };
  const step = totpStep(now) + delta;
  if (step <= lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}
