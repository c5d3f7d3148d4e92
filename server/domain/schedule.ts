import type { AccountStatus, AccountType, PaymentFrequency } from '../../db/schema/index.ts';
import { addCalendarDays, type IsoDate } from './dates.ts';
import type { Cents } from './money.ts';

/**
 * The contract: its terms, the instalment schedule they give, and the principal the schedule
 * leaves after each instalment. Pure; the ledger (ledger.ts) and the payoff (payoff.ts) build on it.
 */
export interface AccountTerms {
  type: AccountType;
  frequency: PaymentFrequency;
  paymentCents: Cents;
  /** 1–28; semi-monthly accounts are also due 15 days later (so at most 13). */
  dueDay: number;
  openedOn: IsoDate;
  termMonths: number;
  amountFinancedCents: Cents;
  /** APR in basis points (loans); leases carry the money factor as an APR equivalent. */
  aprBps: number;
  residualCents: Cents | null;
  status: AccountStatus;
  /** Set when paid off or closed: no instalment after it is billed. */
  closedOn: IsoDate | null;
}
/** Days after a due date before the first instalment is due (no instalment sooner). */
const FIRST_DUE_MIN_DAYS = 15;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function periodsPerYear(frequency: PaymentFrequency): 12 | 24 {
  return frequency === 'monthly' ? 12 : 24;
}

/** Number of instalments in the contract. */
export function installmentCount(terms: Pick<AccountTerms, 'termMonths' | 'frequency'>): number {
  return terms.termMonths * (terms.frequency === 'monthly' ? 1 : 2);
}

// The demo-data generator computes 250k schedules; opening dates repeat, date-fns is not free.
const earliestCache = new Map<IsoDate, IsoDate>();
function firstDueEarliest(openedOn: IsoDate): IsoDate {
  let value = earliestCache.get(openedOn);
  if (value === undefined) {
    if (earliestCache.size > 20_000) earliestCache.clear();
    value = addCalendarDays(openedOn, FIRST_DUE_MIN_DAYS);
    earliestCache.set(openedOn, value);
  }
  return value;
}

/**
 * The contract's due dates, oldest first: the due day of each month (and the day 15 later for
 * semi-monthly), starting with the first one at least 15 days after the account opened.
 *
 * @example
 * scheduleDueDates({ frequency: 'monthly', dueDay: 5, openedOn: '2026-01-20', termMonths: 48 })[0] // '2026-03-05'
 */
export function scheduleDueDates(
  terms: Pick<AccountTerms, 'frequency' | 'dueDay' | 'openedOn' | 'termMonths'>,
): IsoDate[] {
  const total = installmentCount(terms);
  const earliest = firstDueEarliest(terms.openedOn);
  let year = Number(terms.openedOn.slice(0, 4));
  let month = Number(terms.openedOn.slice(5, 7));
  const days = terms.frequency === 'monthly' ? [terms.dueDay] : [terms.dueDay, terms.dueDay + 15];
  const out: IsoDate[] = [];
  while (out.length < total) {
    for (const day of days) {
      const date = `${year}-${pad2(month)}-${pad2(day)}`;
      if (date >= earliest && out.length < total) out.push(date);
    }
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

/** The last instalment's due date. */
export function maturityDate(terms: Parameters<typeof scheduleDueDates>[0]): IsoDate {
  return scheduleDueDates(terms).at(-1) ?? terms.openedOn;
}

/**
 * The level instalment that repays `principal` over `n` periods at `aprBps` (rounded up to the
 * cent so the last instalment never leaves a balance).
 *
 * @example amortizedPayment(3_000_000, 599, 72, 12) // 49705 ($497.05 a month on $30,000 at 5.99%)
 */
export function amortizedPayment(
  principal: Cents,
  aprBps: number,
  n: number,
  perYear: number,
): Cents {
  const i = aprBps / 10_000 / perYear;
  if (i === 0) return Math.ceil(principal / n);
  return Math.ceil((principal * i) / (1 - (1 + i) ** -n));
}

/**
 * A lease instalment: depreciation (capitalised cost − residual) spread over the term plus the
 * rent charge, (cost + residual) × money factor, the money factor being APR / 2400 a month.
 *
 * @example leasePayment(4_000_000, 2_200_000, 480, 48, 12) // 49900
 */
export function leasePayment(
  capCost: Cents,
  residual: Cents,
  aprBps: number,
  n: number,
  perYear: number,
): Cents {
  const depreciation = (capCost - residual) / n;
  const rent = ((capCost + residual) * aprBps) / 10_000 / (2 * perYear);
  return Math.round(depreciation + rent);
}

/**
 * The loan principal left after `k` instalments of the schedule (never below 0 or above what
 * was financed). Leases: the remaining depreciation plus the residual.
 */
export function principalAfter(terms: AccountTerms, k: number): Cents {
  const n = installmentCount(terms);
  const paid = Math.min(Math.max(k, 0), n);
  if (terms.type === 'lease') {
    const residual = terms.residualCents ?? 0;
    return Math.round(((terms.amountFinancedCents - residual) * (n - paid)) / n + residual);
  }
  const p = terms.amountFinancedCents;
  const i = terms.aprBps / 10_000 / periodsPerYear(terms.frequency);
  const balance =
    i === 0
      ? p - paid * terms.paymentCents
      : p * (1 + i) ** paid - (terms.paymentCents * ((1 + i) ** paid - 1)) / i;
  return Math.min(p, Math.max(0, Math.round(balance)));
}
