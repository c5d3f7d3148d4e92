import { daysBetween, type IsoDate } from './dates.ts';
import type { LedgerPosition } from './ledger.ts';
import type { Cents } from './money.ts';
import { principalAfter, scheduleDueDates, type AccountTerms } from './schedule.ts';

/**
 * THE payoff: what closes an account at the end of a day. Every screen, letter and call action
 * that shows a payoff gets it from here, through `summarizeAccount` (the 360's "Payoff today",
 * the balance given on a call, the mail-payment allocation) or `payoffQuote` (the payoff letter),
 * so a figure for a day is the same figure wherever it is shown.
 *
 * payoff = owed + principal still to bill + interest accrued, never below 0, where
 * - owed: the ledger balance at the end of the day — instalments billed and unpaid, fees, charges
 *   (a lease's purchase-option or disposition charge is a ledger charge), less any credit;
 * - principal still to bill: a loan's scheduled principal after the instalments billed; a lease's
 *   remaining depreciation plus its residual (its rent charge is billed in each instalment, so a
 *   lease's payoff steps up by that rent charge on each due date and accrues nothing in between);
 * - interest accrued (loans): the per diem × the days since the last instalment billed. The per
 *   diem is rounded to the cent first, so a figure quoted for a day plus n × the quoted per diem is
 *   exactly the figure n days later (until the next due date).
 * A paid-off or closed account owes only its balance (never negative).
 */
export interface Payoff {
  asOf: IsoDate;
  /** What closes the account at the end of `asOf`. */
  totalCents: Cents;
  /** The ledger balance: billed instalments unpaid + fees + charges − credit (negative: credit). */
  owedCents: Cents;
  /** Unpaid fees (part of `owedCents`). */
  feesCents: Cents;
  /** Principal still to bill (lease: remaining depreciation + residual). */
  principalCents: Cents;
  /** Interest accrued since the last instalment billed (loans; 0 for leases). */
  interestCents: Cents;
  /** Days of interest in `interestCents`. */
  interestDays: number;
  /** Interest per day on `principalCents`, for each day after `asOf` (0 for leases). */
  perDiemCents: Cents;
  /** Instalments of the schedule billed by `asOf`. */
  installmentsBilled: number;
}

/**
 * One day's simple interest on a loan's principal, rounded to the cent (0 for a lease or none left).
 *
 * @example perDiem({ type: 'loan', aprBps: 699 }, 3_500_000) // 670 ($6.70 a day)
 */
export function perDiem(terms: Pick<AccountTerms, 'type' | 'aprBps'>, principal: Cents): Cents {
  if (terms.type !== 'loan' || principal <= 0) return 0;
  return Math.round((principal * terms.aprBps) / 10_000 / 365);
}

/**
 * The payoff at the end of `asOf`, from the account's terms and its ledger replayed to that day
 * (`replayLedger`, which `summarizeAccount` runs once for all its figures).
 *
 * @example
 * const p = payoffOf(terms, replayLedger(terms, entries, '2026-11-23'), '2026-11-23');
 * p.totalCents === p.owedCents + p.principalCents + p.interestCents; // when not negative
 */
export function payoffOf(
  terms: AccountTerms,
  position: Pick<LedgerPosition, 'balanceCents' | 'feesCents' | 'installmentsBilled'>,
  asOf: IsoDate,
  /** The contract's due dates when the caller already has them (`scheduleDueDates(terms)`). */
  schedule?: readonly IsoDate[],
): Payoff {
  const billed = position.installmentsBilled;
  const base = {
    asOf,
    owedCents: position.balanceCents,
    feesCents: position.feesCents,
    installmentsBilled: billed,
  };
  if (terms.status !== 'active') {
    return {
      ...base,
      totalCents: Math.max(0, position.balanceCents),
      principalCents: 0,
      interestCents: 0,
      interestDays: 0,
      perDiemCents: 0,
    };
  }
  const principal = principalAfter(terms, billed);
  const daily = perDiem(terms, principal);
  let days = 0;
  if (daily > 0) {
    const since =
      billed > 0
        ? ((schedule ?? scheduleDueDates(terms))[billed - 1] ?? terms.openedOn)
        : terms.openedOn;
    days = Math.max(0, daysBetween(since, asOf));
  }
  const interest = daily * days;
  return {
    ...base,
    totalCents: Math.max(0, position.balanceCents + principal + interest),
    principalCents: principal,
    interestCents: interest,
    interestDays: days,
    perDiemCents: daily,
  };
}
