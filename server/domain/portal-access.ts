import { isLocked, type LockoutPolicy } from './lockout.ts';

/**
 * The customer portal's sign-in rules as the seeds state them (seed 001: "locked ... since you
 * have attempted to login to your account unsuccessfully five times. Your account will be locked
 * for 30 minutes"), and the account-link code (seed 000: a 6-digit code to authorise a device).
 * Pure.
 */
export const PORTAL_LOCKOUT: LockoutPolicy = { maxFailedLogins: 5, lockoutMinutes: 30 };
export const LINK_CODE_MINUTES = 15;

export interface PortalLockState {
  failedSignIns: number;
  lockedUntil: string | null;
}

/** Locked now, and until when (null when the lock has expired by itself). */
export function portalLock(
  state: PortalLockState,
  now: Date,
): { locked: boolean; lockedUntil: string | null } {
  const locked = isLocked(
    { failedAttempts: state.failedSignIns, lockedUntil: state.lockedUntil },
    now,
  );
  return { locked, lockedUntil: locked ? state.lockedUntil : null };
}

/**
 * When a link code sent at `sentAt` expires.
 *
 * @example linkCodeExpiry(new Date('2026-11-23T15:00:00Z')) // '2026-11-23T15:15:00.000Z'
 */
export function linkCodeExpiry(sentAt: Date): string {
  return new Date(sentAt.getTime() + LINK_CODE_MINUTES * 60_000).toISOString();
}

/**
 * The two notices of an e-mail change (old and new address), in the customer's language; the
 * old address hears of it so a change the customer did not ask for is noticed.
 */
export function emailChangeNotices(input: {
  language: 'en' | 'fr';
  firstName: string;
  lenderName: string;
  newEmail: string;
}): { toOld: { subject: string; text: string }; toNew: { subject: string; text: string } } {
  const masked = maskEmail(input.newEmail);
  if (input.language === 'fr') {
    return {
      toOld: {
        subject: `${input.lenderName} : votre adresse courriel a été changée`,
        text: `Bonjour ${input.firstName},\n\nÀ votre demande téléphonique, l’adresse courriel de votre dossier a été remplacée par ${masked}. Si vous n’avez pas fait cette demande, appelez-nous sans tarder.\n\n${input.lenderName}`,
      },
      toNew: {
        subject: `${input.lenderName} : adresse courriel confirmée`,
        text: `Bonjour ${input.firstName},\n\nCette adresse est maintenant celle de votre dossier et de votre accès en ligne.\n\n${input.lenderName}`,
      },
    };
  }
  return {
    toOld: {
      subject: `${input.lenderName}: your e-mail address was changed`,
      text: `Hello ${input.firstName},\n\nAs you asked by phone, the e-mail address on your account is now ${masked}. If you did not ask for this, please call us right away.\n\n${input.lenderName}`,
    },
    toNew: {
      subject: `${input.lenderName}: e-mail address confirmed`,
      text: `Hello ${input.firstName},\n\nThis address is now the one on your account and your online access.\n\n${input.lenderName}`,
    },
  };
}

/** "helene.tremblay@example.com" → "h***@example.com". */
export function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}
