import { compareIsoDates, daysBetween, type IsoDate } from './dates.ts';

/**
 * Pure intake rules: the new-account suggestion, and which of an account's debits a customer's
 * message names (for a secure-message hand-off).
 */

/** New accounts under Regulation E: within 30 days of opening. */
export const NEW_ACCOUNT_DAYS = 30;

/**
 * 1005.11(c)(3)(i): the account is "new" when the disputed TRANSFER happened within 30 days of
 * the account's opening (the notice date does not matter).
 *
 * @example isNewAccountOnTransfer('2026-11-01', ['2026-11-20']) // true
 */
export function isNewAccountOnTransfer(
  openedOn: IsoDate,
  transactionDates: readonly IsoDate[],
): boolean {
  const first = [...transactionDates].sort(compareIsoDates)[0];
  if (!first) return false;
  return daysBetween(openedOn, first) <= NEW_ACCOUNT_DAYS;
}

/**
 * Dollar amounts written in a message, in cents ("$450", "450.00 $", "1,234.56", "450,00 $").
 *
 * @example namedAmounts('You took $450.00 twice') // [45000]
 */
export function namedAmounts(text: string): number[] {
  const out = new Set<number>();
  const patterns = [
    /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?(?!\d)/g,
    /(?<![\d.,])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,](\d{2}))?\s?\$/g,
    /(?<![\d$.,])(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})(?![\d])/g,
  ];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      const whole = Number((m[1] ?? '').replace(/[,\s\u00a0]/g, ''));
      const cents = Number(m[2] ?? '0');
      const value = whole * 100 + cents;
      if (value > 0) out.add(value);
    }
  }
  return [...out];
}

export interface CandidateDebit {
  id: number;
  postedOn: IsoDate;
  amountCents: number;
  description: string;
}

/**
 * The debits a message names: for each amount the customer wrote, the debits of that amount on
 * the latest day it was debited (a duplicate is two entries that day; a monthly payment of the
 * same amount in earlier months is not what the customer means). `debits` newest first.
 */
export function debitsNamedIn(text: string, debits: readonly CandidateDebit[]): CandidateDebit[] {
  const out: CandidateDebit[] = [];
  for (const amount of namedAmounts(text)) {
    const same = debits.filter((d) => d.amountCents === amount);
    const latest = same.reduce<IsoDate | null>(
      (max, d) => (max === null || compareIsoDates(d.postedOn, max) > 0 ? d.postedOn : max),
      null,
    );
    out.push(...same.filter((d) => d.postedOn === latest));
  }
  return out.slice(0, 5);
}
