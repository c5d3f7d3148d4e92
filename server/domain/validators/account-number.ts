import { msg, type ServerMessage } from '../errors.ts';

/**
 * Loan account numbers are exactly 10 digits. Customers read them off statements with spaces or
 * dashes ("123-456-7890"), so input is normalised before it is checked.
 */

export type AccountNumberResult =
  { ok: true; accountNumber: string } | { ok: false; reason: ServerMessage };

/**
 * Removes the spaces and dashes people use to group digits; everything else is kept so that
 * validation can still reject it.
 *
 * @example
 * normalizeAccountNumber(' 123-456 7890 '); // '1234567890'
 */
export function normalizeAccountNumber(s: string): string {
  return s.replace(/[\s-]/g, '');
}

/**
 * True when `s` is already exactly 10 ASCII digits (no normalisation: use this on stored values).
 *
 * @example
 * isValidAccountNumber('1234567890'); // true
 * isValidAccountNumber('123-456-7890'); // false (normalise first)
 */
export function isValidAccountNumber(s: string): boolean {
  return /^\d{10}$/.test(s);
}

/**
 * Normalises then validates typed input, with a reason an agent can act on (a message key,
 * shown in the agent's language).
 *
 * @example
 * validateAccountNumber('123-456-7890'); // { ok: true, accountNumber: '1234567890' }
 * validateAccountNumber('12345');
 * // { ok: false, reason: msg('validators.accountNumber.length', { got: 5 }) }
 * // (in English: 'Account number must be 10 digits (got 5)')
 */
export function validateAccountNumber(s: string): AccountNumberResult {
  const accountNumber = normalizeAccountNumber(s);
  if (accountNumber === '') return { ok: false, reason: msg('validators.accountNumber.required') };
  if (!/^\d+$/.test(accountNumber)) {
    return { ok: false, reason: msg('validators.accountNumber.digitsOnly') };
  }
  if (!isValidAccountNumber(accountNumber)) {
    return {
      ok: false,
      reason: msg('validators.accountNumber.length', { got: accountNumber.length }),
    };
  }
  return { ok: true, accountNumber };
}
