import { addCalendarDays, type IsoDate } from './dates.ts';
import { DomainError } from './errors.ts';
import {
  scheduleDueDates,
  summarizeAccount,
  type AccountTerms,
  type LedgerAmount,
  type ReplayOptions,
} from './ledger.ts';
import type { Cents } from './money.ts';
import type { Payoff } from './payoff.ts';
import { msg } from './shared/server-messages.ts';

/**
 * The payoff quote a customer receives by letter (issue 17). Pure: terms, ledger and `today` in,
 * figures out. Both figures are THE payoff (server/domain/payoff.ts) for their day, so the quote's
 * "as of" figure is the 360's "Payoff today" and its good-through figure is what the 360 shows on
 * the good-through day.
 *
 * The SPEC gives the payoff but no quote rules. ASSUMPTIONS, stated in the letter templates too
 * (resources/letters/calls/payoff-quote.*.txt):
 * - A quote is good through 10 calendar days after its date (the "payoff-quote" canned reply
 *   already tells customers a quote "is valid for 10 days").
 * - The amount quoted is the payoff at the end of the good-through day, so it is enough on any
 *   day up to then: instalments falling due by then are in it (listed: a lease's payoff steps up
 *   by the rent charge of each instalment billed, a loan's by nothing, its interest accruing day by
 *   day instead), as is the interest accrued to that day.
 * - Per diem (loans): the payoff's per diem on the good-through day, for each day after it.
 *   Leases: 0.
 * - Payments received before the good-through day (an instalment listed, paid by EasyPay for
 *   example) reduce the amount; a payment returned unpaid or a fee posted later changes it.
 */
export const PAYOFF_QUOTE_VALID_DAYS = 10;

export interface PayoffQuote {
  asOf: IsoDate;
  goodThrough: IsoDate;
  /** The payoff at the end of `asOf` (the 360's "Payoff today" that day). */
  payoffTodayCents: Cents;
  /** The amount quoted: the payoff at the end of `goodThrough`. */
  payoffCents: Cents;
  /** Interest per day after `goodThrough` (0 for leases). */
  perDiemCents: Cents;
  /** Instalments that fall due after `asOf`, by `goodThrough`: in `payoffCents`, not in today's. */
  installmentsDue: Array<{ dueOn: IsoDate; amountCents: Cents }>;
  /** Both payoffs, with what they are made of. */
  today: Payoff;
  atGoodThrough: Payoff;
}

/**
 * @example
 * const q = payoffQuote(terms, entries, '2026-12-03');
 * q.goodThrough === '2026-12-13'; // q.payoffCents is owed on 2026-12-13
 */
export function payoffQuote(
  terms: AccountTerms,
  entries: readonly LedgerAmount[],
  today: IsoDate,
  options: ReplayOptions = {},
): PayoffQuote {
  if (terms.status !== 'active') {
    throw new DomainError('CONFLICT', msg('calls.noPayoffInactive'));
  }
  const goodThrough = addCalendarDays(today, PAYOFF_QUOTE_VALID_DAYS);
  const now = summarizeAccount(terms, entries, today, options).payoff;
  const then = summarizeAccount(terms, entries, goodThrough, options).payoff;
  const installmentsDue = scheduleDueDates(terms)
    .slice(now.installmentsBilled, then.installmentsBilled)
    .map((dueOn) => ({ dueOn, amountCents: terms.paymentCents }));
  return {
    asOf: today,
    goodThrough,
    payoffTodayCents: now.totalCents,
    payoffCents: then.totalCents,
    perDiemCents: then.perDiemCents,
    installmentsDue,
    today: now,
    atGoodThrough: then,
  };
}
