/**
 * What staff see of identifiers they do not need in full (SPEC 2): bank accounts last 4,
 * phones `XXXXXX-4676`. The answers to identity verification (date of birth, SSN last 4,
 * ZIP / postal code on file, full VIN: server/domain/identity-verification.ts) are never sent
 * at all, not even in part, to the person who verifies (issue 21): masked whole. Full values
 * are shown only through an audited reveal by a role allowed to (supervisors and admins; see
 * ROLE_SETS.revealPii in server/trpc/base.ts).
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

/** A verification answer: even its last 4 never leave the server. @example maskSsn('1234') // 'XXX-XX-XXXX' */
export function maskSsn(last4: string | null): string | null {
  return last4 ? 'XXX-XX-XXXX' : null;
}

/** A verification answer, masked whole. @example maskDateOfBirth('1980-01-02') // 'XXXX-XX-XX' */
export function maskDateOfBirth(date: string | null): string | null {
  return date ? 'XXXX-XX-XX' : null;
}

/**
 * A ZIP / postal code on file is a verification answer: every letter and digit masked, the
 * shape kept. @example maskPostalCode('H3B 4W8') // 'XXX XXX'
 */
export function maskPostalCode(code: string): string {
  return code.replace(/[A-Za-z0-9]/g, 'X');
}

/** An address with its postal code masked (the rest is needed to work the case). */
export function maskAddress<A extends { postalCode: string }>(address: A): A {
  return { ...address, postalCode: maskPostalCode(address.postalCode) };
}

/** The full VIN is a verification answer; staff see the last 8 (what search also takes). */
export function maskVin(vinLast8: string): string {
  return `XXXXXXXXX${vinLast8}`;
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

/**
 * Postal codes inside free text (a letter's mailing block): US ZIP (+4) and Canadian codes.
 * @example maskPostalCodesIn('BOSTON MA  02116') // 'BOSTON MA  XXXXX'
 */
export function maskPostalCodesIn(text: string): string {
  return text
    .replace(/\b\d{5}(?:-\d{4})?\b/g, (m) => maskPostalCode(m))
    .replace(/\b[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d\b/g, (m) => maskPostalCode(m));
}
