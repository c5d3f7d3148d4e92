import { sql } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { DbOrTrx } from '../database.ts';

/**
 * Mail-payment reports: what posted as of a day, the exceptions by age, totals per lockbox.
 * Read-only; the figures come from mail_postings (what reached the ledger) and mail_items.
 */

export interface DailyPostingRow {
  batchId: number;
  lockboxId: string;
  receiptDate: IsoDate;
  postedAt: string | null;
  postedCount: number;
  postedCents: number;
  returnedCount: number;
  returnedCents: number;
  nsfCount: number;
  nsfCents: number;
}

/** Batches whose payments were credited as of `date` (the receipt date), per batch. */
export async function dailyPosting(db: DbOrTrx, date: IsoDate): Promise<DailyPostingRow[]> {
  const rows = await db
    .selectFrom('mail_batches as b')
    .innerJoin('mail_items as i', 'i.batch_id', 'b.id')
    .select([
      'b.id as batchId',
      'b.lockbox_id as lockboxId',
      'b.receipt_date as receiptDate',
      'b.posted_at as postedAt',
      sql<number>`sum(case when i.status in ('posted','nsf') then 1 else 0 end)`.as('postedCount'),
      sql<number>`coalesce(sum(case when i.status in ('posted','nsf') then i.amount_cents end), 0)`.as(
        'postedCents',
      ),
      sql<number>`sum(case when i.status = 'returned' then 1 else 0 end)`.as('returnedCount'),
      sql<number>`coalesce(sum(case when i.status = 'returned' then i.amount_cents end), 0)`.as(
        'returnedCents',
      ),
      sql<number>`sum(case when i.status = 'nsf' then 1 else 0 end)`.as('nsfCount'),
      sql<number>`coalesce(sum(case when i.status = 'nsf' then i.amount_cents end), 0)`.as(
        'nsfCents',
      ),
    ])
    .where('b.status', '=', 'posted')
    .where('b.receipt_date', '=', date)
    .groupBy('b.id')
    .orderBy('b.lockbox_id')
    .orderBy('b.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    postedCount: Number(r.postedCount),
    postedCents: Number(r.postedCents),
    returnedCount: Number(r.returnedCount),
    returnedCents: Number(r.returnedCents),
    nsfCount: Number(r.nsfCount),
    nsfCents: Number(r.nsfCents),
  }));
}

/** Unresolved exceptions of unposted batches, counted and summed by receipt date. */
export async function exceptionsByReceiptDate(
  db: DbOrTrx,
): Promise<Array<{ receiptDate: IsoDate; count: number; totalCents: number }>> {
  const rows = await db
    .selectFrom('mail_items as i')
    .innerJoin('mail_batches as b', 'b.id', 'i.batch_id')
    .select([
      'b.receipt_date as receiptDate',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(i.amount_cents)`.as('cents'),
    ])
    .where('i.status', '=', 'exception')
    .where('b.status', '<>', 'posted')
    .groupBy('b.receipt_date')
    .execute();
  return rows.map((r) => ({
    receiptDate: r.receiptDate,
    count: Number(r.n),
    totalCents: Number(r.cents),
  }));
}

export interface LockboxTotalRow {
  lockboxId: string;
  batches: number;
  postedCount: number;
  postedCents: number;
  nsfCount: number;
  nsfCents: number;
}

/** Posted mail payments per lockbox between two receipt dates (inclusive). */
export async function lockboxTotals(
  db: DbOrTrx,
  from: IsoDate,
  to: IsoDate,
): Promise<LockboxTotalRow[]> {
  const rows = await db
    .selectFrom('mail_batches as b')
    .innerJoin('mail_items as i', 'i.batch_id', 'b.id')
    .select([
      'b.lockbox_id as lockboxId',
      sql<number>`count(distinct b.id)`.as('batches'),
      sql<number>`sum(case when i.status in ('posted','nsf') then 1 else 0 end)`.as('postedCount'),
      sql<number>`coalesce(sum(case when i.status in ('posted','nsf') then i.amount_cents end), 0)`.as(
        'postedCents',
      ),
      sql<number>`sum(case when i.status = 'nsf' then 1 else 0 end)`.as('nsfCount'),
      sql<number>`coalesce(sum(case when i.status = 'nsf' then i.amount_cents end), 0)`.as(
        'nsfCents',
      ),
    ])
    .where('b.status', '=', 'posted')
    .where('b.receipt_date', '>=', from)
    .where('b.receipt_date', '<=', to)
    .groupBy('b.lockbox_id')
    .orderBy('b.lockbox_id')
    .execute();
  return rows.map((r) => ({
    lockboxId: r.lockboxId,
    batches: Number(r.batches),
    postedCount: Number(r.postedCount),
    postedCents: Number(r.postedCents),
    nsfCount: Number(r.nsfCount),
    nsfCents: Number(r.nsfCents),
  }));
}
