/**
 * What an agent sees of identifiers they do not need in full (SPEC 2): SSN last 4, bank
 * accounts last 4, phones `XXXXXX-4676`. Full values are shown only through an audited reveal
 * by a role allowed to (supervisors and admins; see ROLE_SETS.revealPii in server/trpc/base.ts).
 */

/** @example maskPhone('5145554676') // 'XXXXXX-4676' */
export function maskPhone(digits: string): string {
  return `XXXXXX-${digits.slice(-4)}`;
}

/** @example formatPhone('5145554676') // '(514) 555-4676' */
export function formatPhone(digits: string): string {
  if (!/^\d{10}$/.test(digits)) return digits;
  return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
}

/** @example maskSsn('1234') // 'XXX-XX-1234' */
export function maskSsn(last4: string | null): string | null {
  return last4 ? `XXX-XX-${last4}` : null;
}

/** @example maskBankAccount('6789') // 'XXXX-6789' */
export function maskBankAccount(last4: string | null): string | null {
  return last4 ? `XXXX-${last4}` : null;
}

/** The digits of a phone as typed ("+1 (514) 555-4676" → '5145554676'); null if not a NANP number. */
export function normalizePhone(input: string): string | null {
  const digits = input.replace(/\D/g, '');
  const ten = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(ten) ? ten : null;
}
