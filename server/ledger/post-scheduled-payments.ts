import type { DbOrTrx } from '../../db/database.ts';
import {
  easyPayAccounts,
  paymentPosted,
  postLedgerEntry,
  termsOf,
  ultimatePayScheduled,
} from '../../db/repositories/ledger.ts';
import type { BusinessCalendar } from '../domain/calendar.ts';
import { addCalendarDays, daysBetween, type IsoDate } from '../domain/dates.ts';
import { easyPayDebitDate } from '../domain/easypay.ts';
import { scheduleDueDates } from '../domain/ledger.ts';

/**
 * The end-of-day processes a training clock runs when it moves forward from `from` to `to`
 * (exclusive, inclusive): EasyPay debits for instalments whose debit date falls in the window,
 * and UltimatePay one-time payments scheduled in it, each through the ledger's one writer.
 * Idempotent: a debit already posted for the same day (same account, date and code) is not
 * posted again. Returns how many payments were posted.
 */
export async function postScheduledPayments(
  db: DbOrTrx,
  calendar: BusinessCalendar,
  from: IsoDate,
  to: IsoDate,
  at: string,
): Promise<number> {
  if (to <= from) return 0;
  let posted = 0;
  // Only accounts with a due day in the window (a debit can trail its due date by a long
  // weekend plus a holiday, hence the margin) need their schedule looked at.
  const dueDays = new Set<number>();
  if (daysBetween(from, to) <= 31) {
    for (let d = addCalendarDays(from, -7); d <= to; d = addCalendarDays(d, 1))
      dueDays.add(Number(d.slice(8, 10)));
  }
  for (const row of await easyPayAccounts(db, dueDays.size > 0 ? [...dueDays] : null)) {
    const terms = termsOf(row);
    for (const due of scheduleDueDates(terms)) {
      if (due > to) break;
      const debitOn = easyPayDebitDate(calendar, due);
      if (debitOn <= from || debitOn > to) continue;
      if (await paymentPosted(db, row.id, debitOn, 'easypay')) continue;
      await postLedgerEntry(
        db,
        {
          accountId: row.id,
          postedOn: debitOn,
          kind: 'payment',
          amountCents: -terms.paymentCents,
          code: 'easypay',
          reference: `easypay:${due}`,
        },
        at,
      );
      posted += 1;
    }
  }
  for (const row of await ultimatePayScheduled(db, from, to)) {
    if (!row.ultimatepay_date || !row.ultimatepay_cents) continue;
    if (await paymentPosted(db, row.id, row.ultimatepay_date, 'ultimatepay')) continue;
    await postLedgerEntry(
      db,
      {
        accountId: row.id,
        postedOn: row.ultimatepay_date,
        kind: 'payment',
        amountCents: -row.ultimatepay_cents,
        code: 'ultimatepay',
      },
      at,
    );
    posted += 1;
  }
  return posted;
}
