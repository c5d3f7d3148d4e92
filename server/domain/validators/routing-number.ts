import { msg, type ServerMessage } from '../errors.ts';

/**
 * ABA routing transit numbers, for the bank account a customer pays from. Catching a typo here
 * saves an ACH return (and its fee) days later.
 */

export type RoutingNumberResult =
  { ok: true; routingNumber: string } | { ok: false; reason: ServerMessage };

// 3-7-1 repeated: the ABA checksum weights for digits 1..9.
const WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7, 1] as const;

/**
 * The first two digits are the Federal Reserve routing symbol: 00 (U.S. Government), 01–12
 * (the twelve Fed districts), 21–32 (thrifts, +20), 61–72 (electronic transactions, +60) and
 * 80 (traveler's cheques). Everything else is unassigned.
 */
function isValidPrefix(prefix: number): boolean {
  return (
    (prefix >= 0 && prefix <= 12) ||
    (prefix >= 21 && prefix <= 32) ||
    (prefix >= 61 && prefix <= 72) ||
    prefix === 80
  );
}

function weightedSum(digits: string, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Number(digits.charAt(i)) * (WEIGHTS[i] ?? 0);
  return sum;
}

/**
 * Computes the 9th (check) digit for the first eight digits of a routing number, so a demo-data
 * generator can build numbers that pass validation.
 *
 * @throws RangeError if `first8` is not exactly 8 digits.
 * @example
 * routingCheckDigit('02100002'); // '1' (021000021, JPMorgan Chase)
 */
export function routingCheckDigit(first8: string): string {
  if (!/^\d{8}$/.test(first8)) {
    throw new RangeError(`routingCheckDigit needs 8 digits, got '${first8}'`);
  }
  // Weight of digit 9 is 1, so it is whatever brings the sum up to a multiple of 10.
  return String((10 - (weightedSum(first8, 8) % 10)) % 10);
}

/**
 * Validates a routing number, naming the rule that failed. Spaces and dashes are removed first
 * because customers read the number off a cheque in groups.
 *
 * @example
 * validateRoutingNumber('021000021'); // { ok: true, routingNumber: '021000021' }
 * validateRoutingNumber('021000022');
 * // { ok: false, reason: msg('validators.routing.checksum') }
 * // (in English: 'Routing number checksum failed: one of the digits is mistyped')
 */
export function validateRoutingNumber(s: string): RoutingNumberResult {
  const routingNumber = s.replace(/[\s-]/g, '');
  if (routingNumber === '') return { ok: false, reason: msg('validators.routing.required') };
  if (!/^\d+$/.test(routingNumber)) {
    return { ok: false, reason: msg('validators.routing.digitsOnly') };
  }
  if (routingNumber.length !== 9) {
    return {
      ok: false,
      reason: msg('validators.routing.length', { got: routingNumber.length }),
    };
  }
  const prefix = routingNumber.slice(0, 2);
  if (!isValidPrefix(Number(prefix))) {
    return {
      ok: false,
      reason: msg('validators.routing.prefix', { prefix }),
    };
  }
  // The reason does not suggest a "correct" 9th digit: the typo is as likely in any other
  // position, and an agent "fixing" the last digit would produce a different bank's number.
  if (weightedSum(routingNumber, 9) % 10 !== 0) {
    return {
      ok: false,
      reason: msg('validators.routing.checksum'),
    };
  }
  return { ok: true, routingNumber };
}

/**
 * A routing number that can be printed on a paper check (or money order) in a lockbox:
 * a valid ABA number (above) that is not in the electronic-only ranges 61–72 (ACH only, never
 * on a MICR line) and not all zeros (which passes the checksum but names no bank).
 *
 * @example
 * validateCheckRoutingNumber('021000021'); // { ok: true, routingNumber: '021000021' }
 * validateCheckRoutingNumber('000000000'); // { ok: false, reason: msg('validators.routing.allZeros') }
 * validateCheckRoutingNumber('621000010'); // { ok: false, reason: msg('validators.routing.electronicOnly', …) }
 */
export function validateCheckRoutingNumber(s: string): RoutingNumberResult {
  const result = validateRoutingNumber(s);
  if (!result.ok) return result;
  const { routingNumber } = result;
  if (/^0+$/.test(routingNumber)) {
    return { ok: false, reason: msg('validators.routing.allZeros') };
  }
  const prefix = Number(routingNumber.slice(0, 2));
  if (prefix >= 61 && prefix <= 72) {
    return {
      ok: false,
      reason: msg('validators.routing.electronicOnly', { prefix: routingNumber.slice(0, 2) }),
    };
  }
  return result;
}
