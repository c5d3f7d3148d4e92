import type { IsoDate } from '../../server/domain/dates.ts';
import type { Bucket, PostableItem } from '../../server/domain/mail-posting.ts';
import type { Application } from '../../server/domain/money.ts';
import type { DbOrTrx } from '../database.ts';

/**
 * The posting rows of lockbox batches: approval, the one-time claim of a batch for posting,
 * the items it credits, the postings with their allocations, and NSF reversals. Rows only:
 * the plan is server/domain/mail-posting.ts's, the ledger lines the ledger writer's.
 */

/** Marks a batch approved; false when it was no longer open. */
export async function approveBatchRow(
  db: DbOrTrx,
  batchId: number,
  approval: { at: string; userId: number; note: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('mail_batches')
    .set({
      status: 'approved',
      approved_at: approval.at,
      approved_by: approval.userId,
      approval_note: approval.note,
    })
    .where('id', '=', batchId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Moves the batch to 'posted' by a guarded UPDATE: the one caller whose update changed a row
 * posts; any other (a retry, a second session) gets false and must write nothing. The ledger's
 * unique mail-reference index is a second lock on the same door.
 */
export async function claimBatchForPosting(
  db: DbOrTrx,
  batchId: number,
  at: string,
  userId: number | null,
): Promise<boolean> {
  const claimed = await db
    .updateTable('mail_batches')
    .set({ status: 'posted', posted_at: at, posted_by: userId })
    .where('id', '=', batchId)
    .where('status', 'in', ['open', 'approved'])
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** The items a posting credits (ok or overridden), in sequence. */
export async function postableItems(db: DbOrTrx, batchId: number): Promise<PostableItem[]> {
  const rows = await db
    .selectFrom('mail_items')
    .select(['id', 'seq', 'account_id', 'amount_cents', 'instrument_type', 'instrument_number'])
    .where('batch_id', '=', batchId)
    .where('status', 'in', ['ok', 'override'])
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    accountId: r.account_id,
    amountCents: r.amount_cents,
    instrumentType: r.instrument_type,
    instrumentNumber: r.instrument_number,
  }));
}

export interface NewPosting {
  itemId: number;
  ledgerEntryId: number;
  accountId: number;
  postedOn: IsoDate;
  amountCents: number;
  allocation: Application<Bucket>;
}

/** Records postings (multi-row inserts) and marks the batch's postable items posted. */
export async function insertPostings(
  db: DbOrTrx,
  batchId: number,
  postings: readonly NewPosting[],
  at: string,
): Promise<void> {
  for (let i = 0; i < postings.length; i += POST_CHUNK) {
    await db
      .insertInto('mail_postings')
      .values(
        postings.slice(i, i + POST_CHUNK).map((p) => ({
          item_id: p.itemId,
          ledger_entry_id: p.ledgerEntryId,
          account_id: p.accountId,
          posted_on: p.postedOn,
          amount_cents: p.amountCents,
          allocation: JSON.stringify(p.allocation),
          return_entry_id: null,
          fee_entry_id: null,
          created_at: at,
        })),
      )
      .execute();
  }
  await db
    .updateTable('mail_items')
    .set({ status: 'posted' })
    .where('batch_id', '=', batchId)
    .where('status', 'in', ['ok', 'override'])
    .execute();
}

/** Rows per multi-row INSERT when posting (9 columns each: well under 32,766 parameters). */
const POST_CHUNK = 1000;

export interface Posting {
  itemId: number;
  ledgerEntryId: number;
  accountId: number;
  postedOn: IsoDate;
  amountCents: number;
  allocation: Application<Bucket>;
  returnEntryId: number | null;
  feeEntryId: number | null;
}

export async function postingOf(db: DbOrTrx, itemId: number): Promise<Posting | null> {
  const row = await db
    .selectFrom('mail_postings')
    .selectAll()
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    itemId: row.item_id,
    ledgerEntryId: row.ledger_entry_id,
    accountId: row.account_id,
    postedOn: row.posted_on,
    amountCents: row.amount_cents,
    allocation: JSON.parse(row.allocation) as Application<Bucket>,
    returnEntryId: row.return_entry_id,
    feeEntryId: row.fee_entry_id,
  };
}

/**
 * Moves a posted item to 'nsf' by a guarded UPDATE: only the caller that changes the row may
 * reverse it; false for the others (a retry, a second session).
 */
export async function claimNsf(
  db: DbOrTrx,
  itemId: number,
  input: { at: string; userId: number | null; reason: string },
): Promise<boolean> {
  const claimed = await db
    .updateTable('mail_items')
    .set({ status: 'nsf', nsf_at: input.at, nsf_by: input.userId, nsf_reason: input.reason })
    .where('id', '=', itemId)
    .where('status', '=', 'posted')
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Links a posting to the ledger lines that reversed it. */
export async function recordReversal(
  db: DbOrTrx,
  itemId: number,
  returnEntryId: number,
  feeEntryId: number | null,
): Promise<void> {
  await db
    .updateTable('mail_postings')
    .set({ return_entry_id: returnEntryId, fee_entry_id: feeEntryId })
    .where('item_id', '=', itemId)
    .execute();
}

/** Posted (or returned unpaid) items, for finding the one the bank returned: newest 50. */
export async function findPostedItems(
  db: DbOrTrx,
  filter: { accountNumber: string; instrumentNumber: string },
) {
  let q = db
    .selectFrom('mail_items as i')
    .innerJoin('mail_batches as b', 'b.id', 'i.batch_id')
    .select([
      'i.id',
      'i.seq',
      'i.batch_id',
      'i.account_number',
      'i.amount_cents',
      'i.instrument_number',
      'i.remitter',
      'i.status',
      'b.receipt_date',
      'b.lockbox_id',
    ])
    .where('i.status', 'in', ['posted', 'nsf']);
  if (filter.accountNumber) q = q.where('i.account_number', '=', filter.accountNumber);
  if (filter.instrumentNumber) q = q.where('i.instrument_number', '=', filter.instrumentNumber);
  return q.orderBy('b.receipt_date', 'desc').orderBy('i.id', 'desc').limit(50).execute();
}
