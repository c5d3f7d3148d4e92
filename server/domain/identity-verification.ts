import { evaluateLogin, isLocked, type LockoutState } from './lockout.ts';
import { foldAccents } from './address-normalize.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * Caller identity checks before an address change (SPEC 5, seeds 000 and 001): date of birth +
 * last 4 SSN + ZIP/postal code on file, or date of birth + full 17-character VIN; a business
 * customer by VIN alone. Pure: the router loads what is on file and records the outcome; the
 * expected values never leave the server, and a failure never says WHICH part was wrong.
 */

export type VerificationMethod = 'dob_ssn_zip' | 'dob_vin' | 'vin';

export interface VerificationAnswers {
  dateOfBirth?: string | null;
  ssnLast4?: string | null;
  postalCode?: string | null;
  vin?: string | null;
}

/** What is on file for the customer (server-side only). */
export interface IdentityOnFile {
  kind: 'personal' | 'business';
  dateOfBirth: string | null;
  ssnLast4: string | null;
  /** Postal code of the address in effect today. */
  postalCode: string | null;
  /** VINs of the accounts the customer holds or co-holds. */
  vins: readonly string[];
}

export interface VerificationPolicy {
  maxFailedVerifications: number;
  lockMinutes: number;
}

/** Methods allowed for a kind of customer. */
export function methodsFor(kind: 'personal' | 'business'): VerificationMethod[] {
  return kind === 'business' ? ['vin'] : ['dob_ssn_zip', 'dob_vin'];
}

/** ZIP 5 for the US, the 6 characters for Canada, so "02108-1234" = "02108" and "h3b4w8" = "H3B 4W8". */
function postalForCompare(s: string): string {
  const compact = foldAccents(s).replace(/[\s-]/g, '');
  return /^\d{5}(\d{4})?$/.test(compact) ? compact.slice(0, 5) : compact;
}

/**
 * Missing answers for the method, as field errors (a form problem, not a failed attempt).
 *
 * @example missingAnswers('dob_vin', { dateOfBirth: '1980-01-02' }) // { vin: 'Required' }
 */
export function missingAnswers(
  method: VerificationMethod,
  a: VerificationAnswers,
): Record<string, ServerMessage> {
  const fields: Record<string, ServerMessage> = {};
  const need = (key: keyof VerificationAnswers, message: ServerMessage) => {
    if (!a[key] || String(a[key]).trim() === '') fields[key] = message;
  };
  if (method !== 'vin') need('dateOfBirth', msg('verification.dobRequired'));
  if (method === 'dob_ssn_zip') {
    need('ssnLast4', msg('verification.ssnRequired'));
    need('postalCode', msg('verification.postalRequired'));
    if (a.ssnLast4 && !/^\d{4}$/.test(a.ssnLast4.trim()))
      fields.ssnLast4 = msg('verification.ssnFourDigits');
  }
  if (method !== 'dob_ssn_zip') {
    need('vin', msg('verification.vinRequired'));
    if (a.vin && a.vin.replace(/\s/g, '').length !== 17)
      fields.vin = msg('verification.vinSeventeen');
  }
  return fields;
}

/**
 * True when every answer matches what is on file. An empty value on file never matches.
 *
 * @example
 * answersMatch('dob_ssn_zip', { dateOfBirth: '1980-01-02', ssnLast4: '1234', postalCode: '02108' },
 *   { kind: 'personal', dateOfBirth: '1980-01-02', ssnLast4: '1234', postalCode: '02108-1234', vins: [] })
 * // true
 */
export function answersMatch(
  method: VerificationMethod,
  a: VerificationAnswers,
  file: IdentityOnFile,
): boolean {
  if (!methodsFor(file.kind).includes(method)) return false;
  const dobOk =
    method === 'vin' || (file.dateOfBirth !== null && a.dateOfBirth?.trim() === file.dateOfBirth);
  if (method === 'dob_ssn_zip') {
    return (
      dobOk &&
      file.ssnLast4 !== null &&
      a.ssnLast4?.trim() === file.ssnLast4 &&
      file.postalCode !== null &&
      postalForCompare(a.postalCode ?? '') === postalForCompare(file.postalCode)
    );
  }
  const vin = (a.vin ?? '').replace(/\s/g, '').toUpperCase();
  return dobOk && vin.length === 17 && file.vins.some((v) => v.toUpperCase() === vin);
}

export type VerificationOutcome =
  | { kind: 'passed'; next: LockoutState }
  | { kind: 'locked'; next: LockoutState; lockedUntil: string }
  | { kind: 'failed'; next: LockoutState; attemptsLeft: number }
  | { kind: 'now-locked'; next: LockoutState; lockedUntil: string };

/**
 * Applies one attempt to the customer's lock state: the same rule as staff sign-in (a run of
 * `maxFailedVerifications` failures locks for `lockMinutes`; while locked even right answers
 * are refused; the lock expires by itself; a pass resets the count).
 */
export function evaluateVerification(
  state: LockoutState,
  matched: boolean,
  now: Date,
  policy: VerificationPolicy,
): VerificationOutcome {
  const r = evaluateLogin(state, matched, now, {
    maxFailedLogins: policy.maxFailedVerifications,
    lockoutMinutes: policy.lockMinutes,
  });
  switch (r.kind) {
    case 'ok':
      return { kind: 'passed', next: r.next };
    case 'wrong-password':
      return { kind: 'failed', next: r.next, attemptsLeft: r.attemptsLeft };
    default:
      return r;
  }
}

export { isLocked };
