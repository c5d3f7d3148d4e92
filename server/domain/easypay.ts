import type { ServerMessage } from './shared/server-messages.ts';
import type { BusinessCalendar } from './calendar.ts';
import type { IsoDate } from './dates.ts';

/**
 * EasyPay: a recurring debit of the instalment on its due date. The customer may cancel by
 * phone or mail up to 3 business days before a debit; later than that, the debit goes ahead and
 * the cancellation only stops the following ones.
 */
export const EASYPAY_CANCEL_BUSINESS_DAYS = 3;

/**
 * The day the bank is debited for a due date: the due date itself, or the next business day
 * when it falls on a weekend, holiday or closure.
 *
 * @example easyPayDebitDate(cal, '2026-11-26') // '2026-11-27' (Thanksgiving)
 */
export function easyPayDebitDate(calendar: BusinessCalendar, dueDate: IsoDate): IsoDate {
  return calendar.onOrAfter(dueDate).date;
}

export interface EasyPayDebit {
  dueDate: IsoDate;
  debitDate: IsoDate;
  /** Last day a cancellation still stops this debit. */
  cancelBy: IsoDate;
  /** e.g. "3 business days before Mon 2026-11-30; skipped Thu 2026-11-26 Thanksgiving Day and one weekend" */
  cancelByExplanation: ServerMessage;
}

export interface EasyPayOutlook {
  /** The next debit not yet taken (debit date today or later), or null when none is scheduled. */
  next: EasyPayDebit | null;
  /** Whether a cancellation today still stops `next`. */
  canStopNext: boolean;
  /** The first debit a cancellation made today would stop (`next`, or the one after it). */
  firstStoppable: EasyPayDebit | null;
}

function debitFor(calendar: BusinessCalendar, dueDate: IsoDate): EasyPayDebit {
  const debitDate = easyPayDebitDate(calendar, dueDate);
  const deadline = calendar.addBusinessDays(debitDate, -EASYPAY_CANCEL_BUSINESS_DAYS);
  return { dueDate, debitDate, cancelBy: deadline.date, cancelByExplanation: deadline.explanation };
}

/**
 * Which debits are coming and which one a cancellation made `today` would stop.
 *
 * @example
 * // Due Mon 2026-11-30; Thanksgiving Thu 26th is skipped, so cancel by Tue 2026-11-24.
 * easyPayOutlook(cal, ['2026-11-30', '2026-12-30'], '2026-11-24').canStopNext // true
 * easyPayOutlook(cal, ['2026-11-30', '2026-12-30'], '2026-11-25').firstStoppable?.dueDate // '2026-12-30'
 */
export function easyPayOutlook(
  calendar: BusinessCalendar,
  dueDates: readonly IsoDate[],
  today: IsoDate,
): EasyPayOutlook {
  const upcoming: EasyPayDebit[] = [];
  for (const due of dueDates) {
    if (due < today && easyPayDebitDate(calendar, due) < today) continue;
    const debit = debitFor(calendar, due);
    if (debit.debitDate < today) continue;
    upcoming.push(debit);
    if (upcoming.length === 2) break;
  }
  const next = upcoming[0] ?? null;
  const canStopNext = next !== null && today <= next.cancelBy;
  return { next, canStopNext, firstStoppable: canStopNext ? next : (upcoming[1] ?? null) };
}
