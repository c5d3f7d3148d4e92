import { addCalendarDays, type IsoDate } from './dates.ts';
import { DomainError } from './errors.ts';
import {
  principalAfter,
  summarizeAccount,
  type AccountTerms,
  type LedgerEntry,
  type ReplayOptions,
} from './ledger.ts';
import type { Cents } from './money.ts';
import { msg } from './shared/server-messages.ts';

/**
 * The payoff quote a customer receives by letter (issue 17). Pure: terms, ledger and `today` in,
 * figures out.
 *
 * The SPEC gives the payoff itself (balance + principal still to bill + interest accrued since
 * the last due date, `summarizeAccount`) but no quote rules. ASSUMPTIONS, stated in the letter
 * templates too (resources/letters/calls/payoff-quote.*.txt):
 * - A quote is good through 10 calendar days after its date (the "payoff-quote" canned reply
 *   already tells customers a quote "is valid for 10 days").
 * - The amount quoted is the payoff at the end of the good-through day: what the ledger says is
 *   owed that day (instalments billed by then included) + principal still to bill + the interest
 *   accrued to that day.
 * - Per diem (loans): one day's simple interest on the principal outstanding on the good-through
 *   day, principal × APR / 365 (the accrual `summarizeAccount` uses), for a payment received
 *   after it. Leases accrue nothing day by day here (their rent charge is in each instalment):
 *   per diem 0.
 * - Payments received before the good-through day reduce the amount; a payment returned unpaid
 *   or a fee posted later changes it (said in the letter).
 */
export const PAYOFF_QUOTE_VALID_DAYS = 10;

export interface PayoffQuote {
  asOf: IsoDate;
  /** The payoff at the end of `asOf`. */
  payoffTodayCents: Cents;
  goodThrough: IsoDate;
  /** The amount quoted: the payoff at the end of `goodThrough`. */
  payoffCents: Cents;
  /** Interest per day after `goodThrough` (0 for leases). */
  perDiemCents: Cents;
}

/**
 * @example
 * const q = payoffQuote(terms, entries, '2026-12-03');
 * q.goodThrough === '2026-12-13'; // q.payoffCents is owed on 2026-12-13
 */
export function payoffQuote(
  terms: AccountTerms,
  entries: readonly LedgerEntry[],
  today: IsoDate,
  options: ReplayOptions = {},
): PayoffQuote {
  if (terms.status !== 'active') {
    throw new DomainError('CONFLICT', msg('calls.noPayoffInactive'));
  }
  const goodThrough = addCalendarDays(today, PAYOFF_QUOTE_VALID_DAYS);
  const now = summarizeAccount(terms, entries, today, options);
  const then = summarizeAccount(terms, entries, goodThrough, options);
  const principal = principalAfter(terms, then.installmentsBilled);
  const perDiem =
    terms.type === 'loan' && principal > 0
      ? Math.round((principal * terms.aprBps) / 10_000 / 365)
      : 0;
  return {
    asOf: today,
    payoffTodayCents: now.payoffCents,
    goodThrough,
    payoffCents: then.payoffCents,
    perDiemCents: perDiem,
  };
}
