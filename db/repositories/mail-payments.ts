import type { Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { MailItemFailure } from '../../server/domain/mail-item-checks.ts';
import type { DbOrTrx } from '../database.ts';
import type {
  InstrumentType,
  MailBatchesTable,
  MailBatchStatus,
  MailItemsTable,
  MailItemStatus,
  MailLetterKind,
  MailResolution,
} from '../schema/index.ts';

/**
 * Lockbox batches, their items, postings and letters: rows in, rows out. The checks, the
 * posting plan and the letters are the use cases' (server/mail-payments/); every writer here
 * runs inside the caller's one transaction, so a failure anywhere leaves nothing behind.
 */

export interface MailBatch {
  id: number;
  lockboxId: string;
  receiptDate: IsoDate;
  controlCount: number;
  controlTotalCents: number;
  status: MailBatchStatus;
  openedAt: string;
  openedBy: number | null;
  approvedAt: string | null;
  approvedBy: number | null;
  approvalNote: string | null;
  postedAt: string | null;
  postedBy: number | null;
}

export interface MailItem {
  id: number;
  batchId: number;
  seq: number;
  accountNumber: string;
  accountId: number | null;
  amountCents: number;
  instrumentNumber: string;
  instrumentType: InstrumentType;
  payee: string;
  routingNumber: string;
  remitter: string;
  notes: string;
  paidInFull: boolean;
  status: MailItemStatus;
  failures: MailItemFailure[];
  resolution: MailResolution | null;
  resolutionNote: string | null;
  resolvedAt: string | null;
  resolvedBy: number | null;
  keyedAt: string;
  keyedBy: number | null;
  nsfAt: string | null;
  nsfReason: string | null;
}

export function toBatch(row: Selectable<MailBatchesTable>): MailBatch {
  return {
    id: row.id,
    lockboxId: row.lockbox_id,
    receiptDate: row.receipt_date,
    controlCount: row.control_count,
    controlTotalCents: row.control_total_cents,
    status: row.status,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    approvedAt: row.approved_at,
    approvedBy: row.approved_by,
    approvalNote: row.approval_note,
    postedAt: row.posted_at,
    postedBy: row.posted_by,
  };
}

export function toItem(row: Selectable<MailItemsTable>): MailItem {
  return {
    id: row.id,
    batchId: row.batch_id,
    seq: row.seq,
    accountNumber: row.account_number,
    accountId: row.account_id,
    amountCents: row.amount_cents,
    instrumentNumber: row.instrument_number,
    instrumentType: row.instrument_type,
    payee: row.payee,
    routingNumber: row.routing_number,
    remitter: row.remitter,
    notes: row.notes,
    paidInFull: row.paid_in_full === 1,
    status: row.status,
    failures: JSON.parse(row.failures) as MailItemFailure[],
    resolution: row.resolution,
    resolutionNote: row.resolution_note,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    keyedAt: row.keyed_at,
    keyedBy: row.keyed_by,
    nsfAt: row.nsf_at,
    nsfReason: row.nsf_reason,
  };
}

export async function findBatch(db: DbOrTrx, id: number): Promise<MailBatch | null> {
  const row = await db
    .selectFrom('mail_batches')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toBatch(row) : null;
}

export async function batchItems(db: DbOrTrx, batchId: number): Promise<MailItem[]> {
  const rows = await db
    .selectFrom('mail_items')
    .selectAll()
    .where('batch_id', '=', batchId)
    .orderBy('seq')
    .execute();
  return rows.map(toItem);
}

export async function findItem(db: DbOrTrx, id: number): Promise<MailItem | null> {
  const row = await db.selectFrom('mail_items').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toItem(row) : null;
}

export interface BatchListRow extends MailBatch {
  itemCount: number;
  totalCents: number;
  exceptionCount: number;
  overrideCount: number;
}

export async function listBatches(
  db: DbOrTrx,
  filter: {
    status?: MailBatchStatus | 'unposted';
    lockboxId?: string;
    receiptDate?: IsoDate;
    limit?: number;
  },
): Promise<BatchListRow[]> {
  let q = db
    .selectFrom('mail_batches as b')
    .leftJoin('mail_items as i', 'i.batch_id', 'b.id')
    .selectAll('b')
    .select((eb) => [
      eb.fn.count<number>('i.id').as('item_count'),
      eb.fn.coalesce(eb.fn.sum<number>('i.amount_cents'), eb.lit(0)).as('total_cents'),
      eb.fn
        .sum<number>(eb.case().when('i.status', '=', 'exception').then(1).else(0).end())
        .as('exception_count'),
      eb.fn
        .sum<number>(eb.case().when('i.status', '=', 'override').then(1).else(0).end())
        .as('override_count'),
    ])
    .groupBy('b.id');
  if (filter.status === 'unposted') q = q.where('b.status', '<>', 'posted');
  else if (filter.status) q = q.where('b.status', '=', filter.status);
  if (filter.lockboxId) q = q.where('b.lockbox_id', '=', filter.lockboxId);
  if (filter.receiptDate) q = q.where('b.receipt_date', '=', filter.receiptDate);
  const rows = await q
    .orderBy('b.receipt_date', 'desc')
    .orderBy('b.id', 'desc')
    .limit(filter.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    ...toBatch(r),
    itemCount: Number(r.item_count),
    totalCents: Number(r.total_cents),
    exceptionCount: Number(r.exception_count ?? 0),
    overrideCount: Number(r.override_count ?? 0),
  }));
}

export async function insertBatch(
  db: DbOrTrx,
  input: {
    lockboxId: string;
    receiptDate: IsoDate;
    controlCount: number;
    controlTotalCents: number;
  },
  at: string,
  userId: number | null,
): Promise<MailBatch> {
  const row = await db
    .insertInto('mail_batches')
    .values({
      lockbox_id: input.lockboxId,
      receipt_date: input.receiptDate,
      control_count: input.controlCount,
      control_total_cents: input.controlTotalCents,
      status: 'open',
      opened_at: at,
      opened_by: userId,
      approved_at: null,
      approved_by: null,
      approval_note: null,
      posted_at: null,
      posted_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBatch(row);
}

/** What an agent keys for one item (amount already parsed to cents). */
export interface ItemInput {
  accountNumber: string;
  amountCents: number;
  instrumentNumber: string;
  instrumentType: InstrumentType;
  payee: string;
  routingNumber: string;
  remitter: string;
  notes: string;
  paidInFull: boolean;
}

/** The keyed fields of an item row, as the use case normalised and checked them. */
export interface ItemValues {
  account_number: string;
  account_id: number | null;
  amount_cents: number;
  instrument_number: string;
  instrument_type: InstrumentType;
  payee: string;
  routing_number: string;
  remitter: string;
  notes: string;
  paid_in_full: 0 | 1;
  failures: string;
}

/** Sequence numbers of the batch's other items with the same account, instrument and amount. */
export async function duplicatesInBatch(
  db: DbOrTrx,
  batchId: number,
  key: { accountNumber: string; instrumentNumber: string; amountCents: number },
  selfId: number | null,
): Promise<number[]> {
  let q = db
    .selectFrom('mail_items')
    .select('seq')
    .where('batch_id', '=', batchId)
    .where('account_number', '=', key.accountNumber)
    .where('instrument_number', '=', key.instrumentNumber)
    .where('amount_cents', '=', key.amountCents)
    .where('status', '<>', 'returned');
  if (selfId !== null) q = q.where('id', '<>', selfId);
  return (await q.execute()).map((r) => r.seq);
}

/** Items of other batches received between `from` and `to` with the same key (newest 3). */
export async function recentDuplicates(
  db: DbOrTrx,
  batchId: number,
  key: { accountNumber: string; instrumentNumber: string; amountCents: number },
  from: IsoDate,
  to: IsoDate,
): Promise<Array<{ batchId: number; receiptDate: string }>> {
  return db
    .selectFrom('mail_items as i')
    .innerJoin('mail_batches as b', 'b.id', 'i.batch_id')
    .select(['b.id as batchId', 'b.receipt_date as receiptDate'])
    .where('i.account_number', '=', key.accountNumber)
    .where('i.instrument_number', '=', key.instrumentNumber)
    .where('i.amount_cents', '=', key.amountCents)
    .where('i.status', '<>', 'returned')
    .where('b.id', '<>', batchId)
    .where('b.receipt_date', '>=', from)
    .where('b.receipt_date', '<=', to)
    .orderBy('b.receipt_date', 'desc')
    .limit(3)
    .execute();
}

/** Writes a keyed item at the end of the batch. */
export async function insertItem(
  db: DbOrTrx,
  batchId: number,
  values: ItemValues,
  status: 'ok' | 'exception',
  at: string,
  userId: number | null,
): Promise<MailItem> {
  const last = await db
    .selectFrom('mail_items')
    .select((eb) => eb.fn.max<number>('seq').as('seq'))
    .where('batch_id', '=', batchId)
    .executeTakeFirst();
  const row = await db
    .insertInto('mail_items')
    .values({
      batch_id: batchId,
      seq: (last?.seq ?? 0) + 1,
      ...values,
      status,
      resolution: null,
      resolution_note: null,
      resolved_at: null,
      resolved_by: null,
      keyed_at: at,
      keyed_by: userId,
      nsf_at: null,
      nsf_by: null,
      nsf_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toItem(row);
}

/** Rewrites a re-keyed item's fields, status and resolution. */
export async function updateItem(
  db: DbOrTrx,
  itemId: number,
  values: ItemValues,
  state: {
    status: 'ok' | 'exception';
    resolution: 'corrected' | null;
    note: string | null;
    at: string | null;
    userId: number | null;
  },
): Promise<MailItem> {
  const row = await db
    .updateTable('mail_items')
    .set({
      ...values,
      status: state.status,
      resolution: state.resolution,
      resolution_note: state.note,
      resolved_at: state.at,
      resolved_by: state.userId,
    })
    .where('id', '=', itemId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toItem(row);
}

/** Sets an item's resolution (override or returned). */
export async function resolveItem(
  db: DbOrTrx,
  itemId: number,
  resolution: 'override' | 'returned',
  note: string,
  at: string,
  userId: number | null,
): Promise<MailItem> {
  const row = await db
    .updateTable('mail_items')
    .set({
      status: resolution,
      resolution,
      resolution_note: note,
      resolved_at: at,
      resolved_by: userId,
    })
    .where('id', '=', itemId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toItem(row);
}

/** An approval no longer stands once the batch's items change. */
export async function reopenIfApproved(db: DbOrTrx, batchId: number): Promise<void> {
  await db
    .updateTable('mail_batches')
    .set({ status: 'open', approved_at: null, approved_by: null, approval_note: null })
    .where('id', '=', batchId)
    .where('status', '=', 'approved')
    .execute();
}

/** Deletes an unposted item (a keying mistake); later items keep their sequence numbers. */
export async function deleteItem(db: DbOrTrx, item: MailItem): Promise<void> {
  await db.deleteFrom('mail_letters').where('item_id', '=', item.id).execute();
  await db.deleteFrom('mail_items').where('id', '=', item.id).execute();
}

export async function insertLetter(
  db: DbOrTrx,
  input: {
    itemId: number;
    kind: MailLetterKind;
    customerId: number | null;
    addressedTo: string;
    /** The letter's words as plain text (what the screen shows). */
    body: string;
    language: 'en' | 'fr';
    pdf: Buffer;
  },
  at: string,
  userId: number | null,
): Promise<number> {
  const row = await db
    .insertInto('mail_letters')
    .values({
      item_id: input.itemId,
      kind: input.kind,
      customer_id: input.customerId,
      addressed_to: input.addressedTo,
      body: input.body,
      language: input.language,
      pdf: input.pdf,
      created_at: at,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An item's letters, without their PDFs (see {@link letterPdf}). */
export async function lettersOf(db: DbOrTrx, itemId: number) {
  return db
    .selectFrom('mail_letters')
    .select([
      'id',
      'item_id',
      'kind',
      'customer_id',
      'addressed_to',
      'body',
      'language',
      'created_at',
      'created_by',
    ])
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
}

/** A letter's stored PDF (null for a letter recorded before PDFs were kept). */
export async function letterPdf(db: DbOrTrx, letterId: number) {
  return db
    .selectFrom('mail_letters')
    .select(['id', 'item_id', 'kind', 'language', 'pdf'])
    .where('id', '=', letterId)
    .executeTakeFirst();
}

export interface ExceptionRow {
  item: MailItem;
  batchId: number;
  lockboxId: string;
  receiptDate: IsoDate;
  batchStatus: MailBatchStatus;
}

/** The exceptions/suspense queue: unresolved items of unposted batches, oldest receipt first. */
export async function listExceptions(
  db: DbOrTrx,
  filter: { lockboxId?: string; limit?: number },
): Promise<ExceptionRow[]> {
  let q = db
    .selectFrom('mail_items as i')
    .innerJoin('mail_batches as b', 'b.id', 'i.batch_id')
    .selectAll('i')
    .select(['b.lockbox_id', 'b.receipt_date', 'b.status as batch_status'])
    .where('i.status', '=', 'exception')
    .where('b.status', '<>', 'posted');
  if (filter.lockboxId) q = q.where('b.lockbox_id', '=', filter.lockboxId);
  const rows = await q
    .orderBy('b.receipt_date')
    .orderBy('i.batch_id')
    .orderBy('i.seq')
    .limit(filter.limit ?? 500)
    .execute();
  return rows.map((r) => ({
    item: toItem(r),
    batchId: r.batch_id,
    lockboxId: r.lockbox_id,
    receiptDate: r.receipt_date,
    batchStatus: r.batch_status,
  }));
}
