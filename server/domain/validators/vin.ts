import { msg, type ServerMessage } from '../errors.ts';

/**
 * Vehicle Identification Number checks (49 CFR 565, the North-American rules). The check digit
 * catches most single-character typos, which matters because a wrong VIN on a lien means the
 * lender's security interest is recorded against someone else's car.
 */

export type VinResult = { ok: true; vin: string } | { ok: false; reason: ServerMessage };

// Letters map to the digit of their position in the alphabet, restarting at J and again at S
// (hence S = 2, not 1). I, O and Q have no value because they are never used.
// prettier-ignore
const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};

// Position 9 (index 8) is the check digit itself, so its weight is 0.
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;

const CHECK_INDEX = 8;

function charValue(c: string): number | undefined {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  return TRANSLITERATION[c];
}

/**
 * Computes the check digit (the 9th character) a 17-character VIN should have. Whatever is in
 * position 9 of the input is ignored, so a generator can pass a placeholder there.
 *
 * @throws RangeError if the input is not 17 characters of the VIN alphabet.
 * @example
 * vinCheckDigit('1M8GDM9A_KP042788'); // 'X'
 * vinCheckDigit('1HGCM826_3A004352'); // '3'
 */
export function vinCheckDigit(vin17: string): string {
  const vin = vin17.toUpperCase();
  if (vin.length !== 17) throw new RangeError(`VIN must be 17 characters, got ${vin.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    if (i === CHECK_INDEX) continue;
    const value = charValue(vin.charAt(i));
    if (value === undefined) {
      throw new RangeError(`VIN character ${i + 1} ('${vin.charAt(i)}') is not allowed`);
    }
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/**
 * Validates a VIN typed by an agent. Case and surrounding whitespace are forgiven (the returned
 * `vin` is upper-cased); anything else produces a reason naming the first problem found.
 *
 * @example
 * validateVin('1m8gdm9axkp042788'); // { ok: true, vin: '1M8GDM9AXKP042788' }
 * validateVin('1M8GDM9A1KP042788');
 * // { ok: false, reason: msg('validators.vin.checkDigit', { expected: 'X' }) }
 * // (in English: 'VIN check digit (9th character) should be X; if it is, ...')
 */
export function validateVin(s: string): VinResult {
  const vin = s.trim().toUpperCase();
  if (vin === '') return { ok: false, reason: msg('validators.vin.required') };
  if (vin.length !== 17) {
    return { ok: false, reason: msg('validators.vin.length', { got: vin.length }) };
  }
  for (let i = 0; i < vin.length; i++) {
    const c = vin.charAt(i);
    // Named separately: I, O and Q are almost always a 1 or 0 read off a worn plate, so telling
    // the agent which digit to try is more useful than "invalid character".
    if (c === 'I' || c === 'O' || c === 'Q') {
      return {
        ok: false,
        reason: msg('validators.vin.letter', {
          letter: c,
          position: i + 1,
          digit: c === 'I' ? '1' : '0',
        }),
      };
    }
    if (charValue(c) === undefined) {
      return {
        ok: false,
        reason: msg('validators.vin.character', { character: c, position: i + 1 }),
      };
    }
  }
  const expected = vinCheckDigit(vin);
  if (vin.charAt(CHECK_INDEX) !== expected) {
    // Says what the 9th character should be but warns that the typo may be elsewhere: an agent
    // who blindly "fixes" position 9 would make a wrong VIN pass.
    return {
      ok: false,
      reason: msg('validators.vin.checkDigit', { expected }),
    };
  }
  return { ok: true, vin };
}
