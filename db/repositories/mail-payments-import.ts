import { sql } from 'kysely';
import { addCalendarDays } from '../../server/domain/dates.ts';
import type { MailItemFailure, MailRule } from '../../server/domain/mail-item-checks.ts';
import { normalizeAccountNumber } from '../../server/domain/validators/account-number.ts';
import { isPostgres, type DbOrTrx } from '../database.ts';
import { inList } from '../sql-helpers.ts';
import {
  itemValues,
  runItemChecks,
  type CheckSettings,
  type ItemInput,
  type MailBatch,
} from './mail-payments.ts';

/**
 * The bank's lockbox data file: every item of a deposit at once. Each item gets exactly the
 * checks it would get if keyed by hand, in file order (an item sees the batch's earlier items
 * as possible duplicates, as a keyer's later item would), but the facts are gathered in a few
 * set-based queries and the items are written with multi-row inserts, all in the caller's one
 * transaction.
 */

export interface ImportedException {
  itemId: number;
  seq: number;
  accountNumber: string;
  amountCents: number;
  rules: MailRule[];
}

export interface ImportResult {
  count: number;
  totalCents: number;
  firstSeq: number;
  lastSeq: number;
  exceptionCount: number;
  /** Items that went to the exceptions queue, in sequence. */
  exceptions: ImportedException[];
}

/** Rows per multi-row INSERT (about 20 columns each: well under SQLite's 32,766 parameters). */
const INSERT_CHUNK = 500;

const dupKey = (accountNumber: string, instrumentNumber: string, amountCents: number) =>
  `${accountNumber}\u0000${instrumentNumber}\u0000${amountCents}`;

export async function importItems(
  db: DbOrTrx,
  batch: MailBatch,
  inputs: readonly ItemInput[],
  config: CheckSettings,
  at: string,
  userId: number | null,
): Promise<ImportResult> {
  const keyed = inputs.map((input) => ({
    input,
    accountNumber: normalizeAccountNumber(input.accountNumber),
    instrumentNumber: input.instrumentNumber.trim(),
  }));

  // 1. Accounts by number: one query for every well-formed number of the file.
  const numbers = [...new Set(keyed.map((k) => k.accountNumber).filter((n) => /^\d{10}$/.test(n)))];
  const accountRows =
    numbers.length === 0
      ? []
      : await db
          .selectFrom('accounts')
          .select(['id', 'account_number', 'type', 'status'])
          .where(inList(db, 'account_number', numbers))
          .execute();
  const accountByNumber = new Map(accountRows.map((r) => [r.account_number, r]));

  // 2. The batch's items so far (not returned): the in-batch duplicate rule starts from them.
  const existing = await db
    .selectFrom('mail_items')
    .select(['seq', 'account_number', 'instrument_number', 'amount_cents', 'status'])
    .where('batch_id', '=', batch.id)
    .orderBy('seq')
    .execute();
  const inBatch = new Map<string, number[]>();
  let lastSeq = 0;
  for (const r of existing) {
    lastSeq = Math.max(lastSeq, r.seq);
    if (r.status === 'returned') continue;
    const k = dupKey(r.account_number, r.instrument_number, r.amount_cents);
    const list = inBatch.get(k);
    if (list) list.push(r.seq);
    else inBatch.set(k, [r.seq]);
  }

  // 3. Recent duplicates in other batches within the window: one query keyed by
  //    (account, instrument, amount) through the mail_items_dup index, so its cost follows the
  //    file, not what the day already holds.
  const window = config.mailPayments.duplicateWindowDays;
  const keys = new Map<string, [string, string, number]>();
  for (const k of keyed) {
    if (k.instrumentNumber)
      keys.set(dupKey(k.accountNumber, k.instrumentNumber, k.input.amountCents), [
        k.accountNumber,
        k.instrumentNumber,
        k.input.amountCents,
      ]);
  }
  const recent = new Map<string, Array<{ batchId: number; receiptDate: string }>>();
  if (keys.size > 0) {
    const rows = await db
      .selectFrom(
        sql<{
          a: string;
          n: string;
          c: number;
        }>`(${
          isPostgres(db)
            ? sql`select value ->> 0 as a, value ->> 1 as n, cast(value ->> 2 as bigint) as c
                from jsonb_array_elements(cast(${JSON.stringify([...keys.values()])} as jsonb)) as value`
            : sql`select value ->> 0 as a, value ->> 1 as n, value ->> 2 as c
                from json_each(${JSON.stringify([...keys.values()])})`
        })`.as('k'),
      )
      // CROSS JOIN + conditions in WHERE: the same inner join, but SQLite keeps this table order
      // (file keys → mail_items_dup → batch by id). Left to itself its planner starts from the
      // day's batches and scans the keys for every item already received that day, so each
      // further import of the day took longer (issue 19: 0.1 s, 1 s, 2 s, 3 s, ...).
      // PostgreSQL plans a CROSS JOIN with WHERE conditions as any inner join.
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
      .where('b.id', '<>', batch.id)
      .where('b.receipt_date', '>=', addCalendarDays(batch.receiptDate, -window))
      .where('b.receipt_date', '<=', addCalendarDays(batch.receiptDate, window))
      .execute();
    for (const r of rows) {
      const k = dupKey(r.account_number, r.instrument_number, r.amount_cents);
      const list = recent.get(k);
      if (list) list.push({ batchId: r.batchId, receiptDate: r.receiptDate });
      else recent.set(k, [{ batchId: r.batchId, receiptDate: r.receiptDate }]);
    }
    // As the keying query: newest receipt first, at most 3.
    for (const [k, list] of recent) {
      list.sort((x, y) =>
        x.receiptDate < y.receiptDate
          ? 1
          : x.receiptDate > y.receiptDate
            ? -1
            : y.batchId - x.batchId,
      );
      recent.set(k, list.slice(0, 3));
    }
  }

  // 4. The checks, in file order; each item joins the in-batch map after it is checked.
  const rows = keyed.map((k, index) => {
    const seq = lastSeq + 1 + index;
    const key = dupKey(k.accountNumber, k.instrumentNumber, k.input.amountCents);
    const account = /^\d{10}$/.test(k.accountNumber)
      ? (accountByNumber.get(k.accountNumber) ?? null)
      : null;
    const failures: MailItemFailure[] = runItemChecks(
      k.input,
      config,
      account,
      inBatch.get(key) ?? [],
      recent.get(key) ?? [],
    );
    const same = inBatch.get(key);
    if (same) same.push(seq);
    else inBatch.set(key, [seq]);
    return {
      batch_id: batch.id,
      seq,
      ...itemValues(k.input, account, failures),
      status: failures.length === 0 ? ('ok' as const) : ('exception' as const),
      resolution: null,
      resolution_note: null,
      resolved_at: null,
      resolved_by: null,
      keyed_at: at,
      keyed_by: userId,
      nsf_at: null,
      nsf_by: null,
      nsf_reason: null,
    };
  });

  // 5. Multi-row inserts.
  const exceptions: ImportedException[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const inserted = await db
      .insertInto('mail_items')
      .values(chunk)
      .returning(['id', 'seq', 'status'])
      .execute();
    const idOf = new Map(inserted.map((r) => [r.seq, r.id]));
    for (const r of chunk) {
      if (r.status !== 'exception') continue;
      exceptions.push({
        itemId: idOf.get(r.seq) ?? 0,
        seq: r.seq,
        accountNumber: r.account_number,
        amountCents: r.amount_cents,
        rules: (JSON.parse(r.failures) as MailItemFailure[]).map((f) => f.rule),
      });
    }
  }
  return {
    count: rows.length,
    totalCents: rows.reduce((s, r) => s + r.amount_cents, 0),
    firstSeq: lastSeq + 1,
    lastSeq: lastSeq + rows.length,
    exceptionCount: exceptions.length,
    exceptions,
  };
}
