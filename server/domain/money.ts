/**
 * Money arithmetic of the domain (sums, payment waterfalls), in integer cents. Parsing and
 * formatting are shared with the renderer (server/domain/shared/money.ts) and re-exported here unchanged, so
 * domain code imports money from one place.
 */

export {
  formatCents,
  parseAmountToCents,
  type Cents,
  type ParseAmountOptions,
} from './shared/money.ts';
import type { Cents } from './shared/money.ts';

/**
 * Adds amounts in cents, throwing instead of returning an inexact total. Negative entries are
 * allowed (adjustments net off charges).
 *
 * @throws RangeError if an entry is not a safe integer or the total leaves the safe range.
 * @example
 * sumCents([1999, 1, -500]); // 1500
 * sumCents([]); // 0
 */
export function sumCents(list: readonly Cents[]): Cents {
  let total = 0;
  for (const cents of list) {
    assertSafeInteger(cents, 'sumCents');
    total += cents;
    // Checked on every step: once a partial sum overflows, later terms cannot repair it.
    assertSafeInteger(total, 'sumCents total');
  }
  return total;
}

/** One bucket a payment can be applied to, e.g. `{ key: 'fees', due: 2500 }`. */
export interface Bucket<K extends string = string> {
  key: K;
  due: Cents;
}

export interface BucketApplication<K extends string = string> {
  key: K;
  due: Cents;
  applied: Cents;
}

export interface Application<K extends string = string> {
  /** One entry per input bucket, in the input order. */
  buckets: BucketApplication<K>[];
  /** What is left after every bucket is paid in full (an overpayment). */
  remainder: Cents;
}

/**
 * Applies a payment across buckets in the order given, filling each before moving on. The
 * caller owns the order (the lender's waterfall is fees → past due → current → principal)
 * because it is policy, not arithmetic. Invariant: sum of `applied` + `remainder` === amount,
 * and no bucket receives more than it is due.
 *
 * @throws RangeError if the amount or a due is negative or not a safe integer.
 * @example
 * applyInOrder(10000, [
 *   { key: 'fees', due: 2500 },
 *   { key: 'pastDue', due: 5000 },
 *   { key: 'current', due: 30000 },
 *   { key: 'principal', due: 900000 },
 * ]);
 * // buckets: fees 2500, pastDue 5000, current 2500, principal 0; remainder 0
 */
export function applyInOrder<K extends string>(
  amount: Cents,
  buckets: readonly Bucket<K>[],
): Application<K> {
  assertNonNegative(amount, 'applyInOrder amount');
  let left = amount;
  const applied = buckets.map(({ key, due }) => {
    assertNonNegative(due, `applyInOrder due for ${key}`);
    const take = Math.min(left, due);
    left -= take;
    return { key, due, applied: take };
  });
  return { buckets: applied, remainder: left };
}

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what}: ${value} is not a safe integer number of cents`);
  }
}

function assertNonNegative(value: number, what: string): void {
  assertSafeInteger(value, what);
  if (value < 0) throw new RangeError(`${what}: ${value} is negative`);
}
