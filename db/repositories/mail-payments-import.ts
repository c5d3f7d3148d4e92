import { sql } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import { isPostgres, type DbOrTrx } from '../database.ts';
import { inList } from '../sql-helpers.ts';
import type { MailItemStatus } from '../schema/index.ts';
import type { ItemValues } from './mail-payments.ts';

/**
 * The bank's lockbox data file, read and written set-based: the facts every item's checks need
 * in a few queries, then multi-row inserts, all in the caller's one transaction. The checks
 * themselves are the use case's (server/mail-payments/import-items.ts).
 */

/** Accounts by number: one query for every number of the file. */
export async function accountsByNumber(db: DbOrTrx, numbers: readonly string[]) {
  if (numbers.length === 0) return [];
  return db
    .selectFrom('accounts')
    .select(['id', 'account_number', 'type', 'status'])
    .where(inList(db, 'account_number', [...numbers]))
    .execute();
}

/** The batch's items so far, in sequence (the in-batch duplicate rule starts from them). */
export async function batchItemKeys(db: DbOrTrx, batchId: number) {
  return db
    .selectFrom('mail_items')
    .select(['seq', 'account_number', 'instrument_number', 'amount_cents', 'status'])
    .where('batch_id', '=', batchId)
    .orderBy('seq')
    .execute();
}

/**
 * Items of other batches received between `from` and `to` with any of the given (account,
 * instrument, amount) keys, not returned: one query through the mail_items_dup index.
 */
export async function recentDuplicatesOf(
  db: DbOrTrx,
  batchId: number,
  keys: ReadonlyArray<readonly [string, string, number]>,
  from: IsoDate,
  to: IsoDate,
) {
  if (keys.length === 0) return [];
  return (
    db
      .selectFrom(
        sql<{
          a: string;
          n: string;
          c: number;
        }>`(${
          isPostgres(db)
            ? sql`select value ->> 0 as a, value ->> 1 as n, cast(value ->> 2 as bigint) as c
              from jsonb_array_elements(cast(${JSON.stringify(keys)} as jsonb)) as value`
            : sql`select value ->> 0 as a, value ->> 1 as n, value ->> 2 as c
              from json_each(${JSON.stringify(keys)})`
        })`.as('k'),
      )
      // CROSS JOIN + conditions in WHERE: the same inner join, but SQLite keeps this table order
      // (file keys → mail_items_dup → batch by id), so the cost follows the file, not what the
      // day already holds. Left to itself its planner started from the day's batches and scanned
      // the keys for every item already received that day: each further import of the day took
      // longer (issue 19: 0.1 s, 1 s, 2 s, 3 s, ...). PostgreSQL plans it as any inner join.
      .crossJoin('mail_items as i')
      .crossJoin('mail_batches as b')
      .whereRef('i.account_number', '=', 'k.a')
      .whereRef('i.instrument_number', '=', 'k.n')
      .whereRef('i.amount_cents', '=', 'k.c')
      .whereRef('b.id', '=', 'i.batch_id')
      .select([
        'i.account_number',
        'i.instrument_number',
        'i.amount_cents',
        'b.id as batchId',
        'b.receipt_date as receiptDate',
      ])
      .where('i.status', '<>', 'returned')
      .where('b.id', '<>', batchId)
      .where('b.receipt_date', '>=', from)
      .where('b.receipt_date', '<=', to)
      .execute()
  );
}

/** Rows per multi-row INSERT (about 20 columns each: well under SQLite's 32,766 parameters). */
const INSERT_CHUNK = 500;

export interface NewItemRow extends ItemValues {
  batch_id: number;
  seq: number;
  status: Extract<MailItemStatus, 'ok' | 'exception'>;
  keyed_at: string;
  keyed_by: number | null;
}

/** Writes the items (multi-row inserts); returns their ids by sequence number. */
export async function insertItemRows(
  db: DbOrTrx,
  rows: readonly NewItemRow[],
): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const inserted = await db
      .insertInto('mail_items')
      .values(
        rows.slice(i, i + INSERT_CHUNK).map((r) => ({
          ...r,
          resolution: null,
          resolution_note: null,
          resolved_at: null,
          resolved_by: null,
          nsf_at: null,
          nsf_by: null,
          nsf_reason: null,
        })),
      )
      .returning(['id', 'seq'])
      .execute();
    for (const r of inserted) ids.set(r.seq, r.id);
  }
  return ids;
}
