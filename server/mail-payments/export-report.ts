import { writeCsv } from '../core/csv.ts';
import { dailyPosting, lockboxTotals } from '../../db/repositories/mail-payments-reports.ts';
import { listExceptions } from '../../db/repositories/mail-payments.ts';
import type { Context } from '../trpc/base.ts';
import { addCalendarDays, daysBetween, type IsoDate } from '../domain/dates.ts';
import { settingsAndToday } from './shared.ts';

/** A mail-payments report as CSV text (amounts in dollars with two decimals, dates ISO). */
export async function exportReport(
  ctx: Pick<Context, 'db' | 'today'>,
  input: {
    report: 'daily' | 'aging' | 'lockboxTotals';
    date?: IsoDate | undefined;
    from?: IsoDate | undefined;
    to?: IsoDate | undefined;
  },
): Promise<{ filename: string; content: string }> {
  const { today } = await settingsAndToday(ctx);
  const dollars = (c: number) => (c / 100).toFixed(2);
  if (input.report === 'daily') {
    const date = input.date ?? today;
    const rows = await dailyPosting(ctx.db, date);
    return {
      filename: `mail-posting-${date}.csv`,
      content: writeCsv(
        [
          'receipt_date',
          'lockbox',
          'batch',
          'posted_count',
          'posted_amount',
          'returned_count',
          'returned_amount',
          'nsf_count',
          'nsf_amount',
        ],
        rows.map((r) => [
          r.receiptDate,
          r.lockboxId,
          r.batchId,
          r.postedCount,
          dollars(r.postedCents),
          r.returnedCount,
          dollars(r.returnedCents),
          r.nsfCount,
          dollars(r.nsfCents),
        ]),
      ),
    };
  }
  if (input.report === 'aging') {
    const rows = await listExceptions(ctx.db, {});
    return {
      filename: `mail-exceptions-aging-${today}.csv`,
      content: writeCsv(
        [
          'receipt_date',
          'age_days',
          'lockbox',
          'batch',
          'item',
          'account_number',
          'amount',
          'rules',
        ],
        rows.map((r) => [
          r.receiptDate,
          Math.max(0, daysBetween(r.receiptDate, today)),
          r.lockboxId,
          r.batchId,
          r.item.seq,
          r.item.accountNumber,
          dollars(r.item.amountCents),
          r.item.failures.map((f) => f.rule).join(' '),
        ]),
      ),
    };
  }
  const from = input.from ?? addCalendarDays(today, -30);
  const to = input.to ?? today;
  const rows = await lockboxTotals(ctx.db, from, to);
  return {
    filename: `mail-lockbox-totals-${from}-${to}.csv`,
    content: writeCsv(
      ['lockbox', 'batches', 'posted_count', 'posted_amount', 'nsf_count', 'nsf_amount'],
      rows.map((r) => [
        r.lockboxId,
        r.batches,
        r.postedCount,
        dollars(r.postedCents),
        r.nsfCount,
        dollars(r.nsfCents),
      ]),
    ),
  };
}
