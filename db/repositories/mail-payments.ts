import type { Selectable } from 'kysely';
import { addCalendarDays, type IsoDate } from '../../server/domain/dates.ts';
import { DomainError } from '../../server/domain/errors.ts';
import { summarizeAccount, type LedgerEntry } from '../../server/domain/ledger.ts';
import type { Lockbox, Settings } from '../../server/domain/lender-config.ts';
import {
  batchBalance,
  checkMailItem,
  type BatchBalance,
  type MailItemFailure,
} from '../../server/domain/mail-item-checks.ts';
import { allocateMailPayment, type Bucket } from '../../server/domain/mail-posting.ts';
import type { Application } from '../../server/domain/money.ts';
import { normalizeAccountNumber } from '../../server/domain/validators/account-number.ts';
import type { DbOrTrx } from '../database.ts';
import { inList } from '../sql-helpers.ts';
import type {
  InstrumentType,
  MailBatchesTable,
  MailBatchStatus,
  MailItemsTable,
  MailItemStatus,
  MailResolution,
} from '../schema/index.ts';
import { findAccountByNumber, type Account } from './customers.ts';
import { postLedgerEntry, termsOf, toLedgerEntry } from './ledger.ts';

/**
 * Lockbox batches and their items: keying, checks, exceptions, posting (atomic, idempotent,
 * as of the receipt date) and returned items. Every writer runs inside the caller's one
 * transaction (a router mutation), so a failure anywhere leaves nothing behind.
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

export function lockboxById(settings: Pick<Settings, 'lockboxes'>, id: string): Lockbox {
  const lockbox = settings.lockboxes.find((l) => l.id === id);
  if (!lockbox)
    throw new DomainError('VALIDATION', `Unknown lockbox "${id}".`, {
      fields: { lockboxId: 'Unknown lockbox' },
    });
  return lockbox;
}

export async function findBatch(db: DbOrTrx, id: number): Promise<MailBatch | null> {
  const row = await db
    .selectFrom('mail_batches')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toBatch(row) : null;
}

export async function requireBatch(db: DbOrTrx, id: number): Promise<MailBatch> {
  const batch = await findBatch(db, id);
  if (!batch) throw new DomainError('NOT_FOUND', 'No such batch.');
  return batch;
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

export async function requireItem(db: DbOrTrx, id: number): Promise<MailItem> {
  const row = await db.selectFrom('mail_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No such item.');
  return toItem(row);
}

/** Items that count toward the batch's figures: everything keyed (returned items were in the envelope). */
export function balanceOf(batch: MailBatch, items: readonly MailItem[]): BatchBalance {
  return batchBalance(items, batch.controlCount, batch.controlTotalCents);
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

export interface CheckSettings {
  lockbox: Lockbox;
  payees: Settings['payees'];
  mailPayments: Settings['mailPayments'];
}

/**
 * Gathers the facts for the item checks (the account, duplicates in the batch and recently)
 * and runs them. `selfId` is the item being re-checked, never its own duplicate.
 */
export async function checkItem(
  db: DbOrTrx,
  batch: Pick<MailBatch, 'id' | 'receiptDate'>,
  input: ItemInput,
  config: CheckSettings,
  selfId: number | null = null,
): Promise<{ account: Account | null; failures: MailItemFailure[] }> {
  const accountNumber = normalizeAccountNumber(input.accountNumber);
  const account = /^\d{10}$/.test(accountNumber)
    ? await findAccountByNumber(db, accountNumber)
    : null;
  const instrumentNumber = input.instrumentNumber.trim();
  let inBatch = db
    .selectFrom('mail_items')
    .select('seq')
    .where('batch_id', '=', batch.id)
    .where('account_number', '=', accountNumber)
    .where('instrument_number', '=', instrumentNumber)
    .where('amount_cents', '=', input.amountCents)
    .where('status', '<>', 'returned');
  if (selfId !== null) inBatch = inBatch.where('id', '<>', selfId);
  const window = config.mailPayments.duplicateWindowDays;
  const recent = db
    .selectFrom('mail_items as i')
    .innerJoin('mail_batches as b', 'b.id', 'i.batch_id')
    .select(['b.id as batchId', 'b.receipt_date as receiptDate'])
    .where('i.account_number', '=', accountNumber)
    .where('i.instrument_number', '=', instrumentNumber)
    .where('i.amount_cents', '=', input.amountCents)
    .where('i.status', '<>', 'returned')
    .where('b.id', '<>', batch.id)
    .where('b.receipt_date', '>=', addCalendarDays(batch.receiptDate, -window))
    .where('b.receipt_date', '<=', addCalendarDays(batch.receiptDate, window))
    .orderBy('b.receipt_date', 'desc')
    .limit(3);
  const [dupRows, recentRows] = await Promise.all([
    inBatch.execute(),
    instrumentNumber ? recent.execute() : Promise.resolve([]),
  ]);
  const failures = runItemChecks(
    input,
    config,
    account,
    dupRows.map((r) => r.seq),
    recentRows,
  );
  return { account, failures };
}

/**
 * The one place the gathered facts meet the pure checks (keying, correcting and importing all
 * come through here, so an imported item is checked exactly like a keyed one).
 */
export function runItemChecks(
  input: ItemInput,
  config: CheckSettings,
  account: Pick<Account, 'type' | 'status'> | null,
  duplicatesInBatch: readonly number[],
  recentDuplicates: ReadonlyArray<{ batchId: number; receiptDate: string }>,
): MailItemFailure[] {
  const instrumentNumber = input.instrumentNumber.trim();
  return checkMailItem({
    ...input,
    accountNumber: normalizeAccountNumber(input.accountNumber),
    lockbox: config.lockbox,
    payees: config.payees,
    account: account ? { type: account.type, status: account.status } : null,
    duplicatesInBatch: instrumentNumber ? duplicatesInBatch : [],
    recentDuplicates: instrumentNumber ? recentDuplicates : [],
    sanityLimitCents: config.mailPayments.sanityLimitCents,
    duplicateWindowDays: config.mailPayments.duplicateWindowDays,
  });
}

export function itemValues(
  input: ItemInput,
  account: Pick<Account, 'id'> | null,
  failures: MailItemFailure[],
) {
  return {
    account_number: normalizeAccountNumber(input.accountNumber),
    account_id: account?.id ?? null,
    amount_cents: input.amountCents,
    instrument_number: input.instrumentNumber.trim(),
    instrument_type: input.instrumentType,
    payee: input.payee.trim(),
    routing_number: input.routingNumber.replace(/[\s-]/g, ''),
    remitter: input.remitter.trim(),
    notes: input.notes.trim(),
    paid_in_full: input.paidInFull ? 1 : 0,
    failures: JSON.stringify(failures),
  };
}

/** Keys one item at the end of the batch, checked. */
export async function insertItem(
  db: DbOrTrx,
  batch: MailBatch,
  input: ItemInput,
  config: CheckSettings,
  at: string,
  userId: number | null,
): Promise<MailItem> {
  const { account, failures } = await checkItem(db, batch, input, config);
  const last = await db
    .selectFrom('mail_items')
    .select((eb) => eb.fn.max<number>('seq').as('seq'))
    .where('batch_id', '=', batch.id)
    .executeTakeFirst();
  const row = await db
    .insertInto('mail_items')
    .values({
      batch_id: batch.id,
      seq: (last?.seq ?? 0) + 1,
      ...itemValues(input, account, failures),
      status: failures.length === 0 ? 'ok' : 'exception',
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

/**
 * Re-keys an item (a correction) and re-runs the checks: clean → ok (resolution 'corrected'
 * when it was an exception), else back to the exceptions queue. An earlier override is void.
 */
export async function correctItem(
  db: DbOrTrx,
  batch: MailBatch,
  item: MailItem,
  input: ItemInput,
  config: CheckSettings,
  at: string,
  userId: number | null,
  note: string | null,
): Promise<MailItem> {
  const { account, failures } = await checkItem(db, batch, input, config, item.id);
  const clean = failures.length === 0;
  const wasProblem = item.status === 'exception' || item.status === 'override';
  const row = await db
    .updateTable('mail_items')
    .set({
      ...itemValues(input, account, failures),
      status: clean ? 'ok' : 'exception',
      resolution: clean && wasProblem ? 'corrected' : null,
      resolution_note: clean && wasProblem ? note : null,
      resolved_at: clean && wasProblem ? at : null,
      resolved_by: clean && wasProblem ? userId : null,
    })
    .where('id', '=', item.id)
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

export interface PostedItem {
  itemId: number;
  seq: number;
  accountId: number;
  ledgerEntryId: number;
  amountCents: number;
  allocation: Application<Bucket>;
}

/**
 * Posts every postable item of a batch to the ledger as of its receipt date, in the caller's
 * transaction. The batch is moved to 'posted' FIRST by a guarded UPDATE: the one caller whose
 * update changed a row posts; any other (a retry, a second session) gets `null` and writes
 * nothing. The ledger's unique mail-reference index is a second lock on the same door.
 */
export async function postBatchItems(
  db: DbOrTrx,
  batch: MailBatch,
  options: { at: string; userId: number | null; order: readonly Bucket[] },
): Promise<PostedItem[] | null> {
  const claimed = await db
    .updateTable('mail_batches')
    .set({ status: 'posted', posted_at: options.at, posted_by: options.userId })
    .where('id', '=', batch.id)
    .where('status', 'in', ['open', 'approved'])
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;

  const items = await db
    .selectFrom('mail_items')
    .select(['id', 'seq', 'account_id', 'amount_cents', 'instrument_type', 'instrument_number'])
    .where('batch_id', '=', batch.id)
    .where('status', 'in', ['ok', 'override'])
    .orderBy('seq')
    .execute();
  if (items.length === 0) return [];
  const unassigned = items.find((i) => i.account_id === null);
  if (unassigned)
    throw new DomainError('PRECONDITION', `Item ${unassigned.seq} has no account to credit.`);

  // Set-based reads: every account of the batch and its whole ledger, in two queries. The
  // allocations are then computed in memory, each payment seeing the ones before it (an
  // account paid twice in a batch allocates its second payment after the first).
  const accountIds = [...new Set(items.map((i) => i.account_id as number))];
  const [accountRows, entryRows] = await Promise.all([
    db
      .selectFrom('accounts')
      .selectAll()
      .where(inList(db, 'id', accountIds))
      .execute(),
    db
      .selectFrom('ledger_entries')
      .selectAll()
      .where(inList(db, 'account_id', accountIds))
      .orderBy('account_id')
      .orderBy('posted_on')
      .orderBy('id')
      .execute(),
  ]);
  const accounts = new Map(accountRows.map((r) => [r.id, r]));
  const ledgers = new Map<number, LedgerEntry[]>();
  for (const row of entryRows) {
    let list = ledgers.get(row.account_id);
    if (!list) ledgers.set(row.account_id, (list = []));
    list.push(toLedgerEntry(row));
  }

  const feesFirst = options.order.indexOf('fees') < options.order.indexOf('pastDue');
  const planned: Array<{
    item: (typeof items)[number];
    accountId: number;
    entry: LedgerEntry;
    allocation: Application<Bucket>;
  }> = [];
  for (const item of items) {
    const accountId = item.account_id as number;
    const account = accounts.get(accountId);
    if (!account)
      throw new DomainError(
        'PRECONDITION',
        `Item ${item.seq} names an account that does not exist.`,
      );
    if (!Number.isSafeInteger(item.amount_cents) || item.amount_cents <= 0) {
      throw new RangeError(
        `Ledger amount must be a non-zero integer number of cents, got ${-item.amount_cents}`,
      );
    }
    let entries = ledgers.get(accountId);
    if (!entries) ledgers.set(accountId, (entries = []));
    const summary = summarizeAccount(termsOf(account), entries, batch.receiptDate, { feesFirst });
    const allocation = allocateMailPayment(item.amount_cents, summary, options.order);
    const entry: LedgerEntry = {
      id: Number.MAX_SAFE_INTEGER, // assigned by the insert below; newer than every stored entry
      postedOn: batch.receiptDate,
      kind: 'payment',
      amountCents: -item.amount_cents,
      code: 'mail',
      description: `Mail payment ${item.instrument_type.replace('_', ' ')} #${item.instrument_number} (lockbox ${batch.lockboxId}, batch ${batch.id})`,
      reference: `mail-item:${item.id}`,
    };
    // Ledger order is (posted_on, id): the new entry goes after everything posted on or before
    // the receipt date, before anything dated later.
    let at = entries.length;
    while (at > 0 && (entries[at - 1] as LedgerEntry).postedOn > entry.postedOn) at -= 1;
    entries.splice(at, 0, entry);
    planned.push({ item, accountId, entry, allocation });
  }

  // Bulk writes, in chunks below SQLite's bound-parameter limit. A taken mail reference (the
  // unique index) or any other failure throws, and the caller's transaction rolls back whole.
  const entryIds = new Map<string, number>();
  for (let i = 0; i < planned.length; i += POST_CHUNK) {
    const rows = await db
      .insertInto('ledger_entries')
      .values(
        planned.slice(i, i + POST_CHUNK).map((p) => ({
          account_id: p.accountId,
          posted_on: p.entry.postedOn,
          kind: p.entry.kind,
          amount_cents: p.entry.amountCents,
          code: p.entry.code,
          description: p.entry.description,
          reference: p.entry.reference,
          created_at: options.at,
          created_by: options.userId,
        })),
      )
      .returning(['id', 'reference'])
      .execute();
    for (const r of rows) if (r.reference !== null) entryIds.set(r.reference, r.id);
  }
  const posted: PostedItem[] = planned.map((p) => {
    const ledgerEntryId = entryIds.get(p.entry.reference as string);
    if (ledgerEntryId === undefined)
      throw new Error(`Ledger entry for item ${p.item.seq} was not written`);
    return {
      itemId: p.item.id,
      seq: p.item.seq,
      accountId: p.accountId,
      ledgerEntryId,
      amountCents: p.item.amount_cents,
      allocation: p.allocation,
    };
  });
  for (let i = 0; i < posted.length; i += POST_CHUNK) {
    await db
      .insertInto('mail_postings')
      .values(
        posted.slice(i, i + POST_CHUNK).map((p) => ({
          item_id: p.itemId,
          ledger_entry_id: p.ledgerEntryId,
          account_id: p.accountId,
          posted_on: batch.receiptDate,
          amount_cents: p.amountCents,
          allocation: JSON.stringify(p.allocation),
          return_entry_id: null,
          fee_entry_id: null,
          created_at: options.at,
        })),
      )
      .execute();
  }
  await db
    .updateTable('mail_items')
    .set({ status: 'posted' })
    .where('batch_id', '=', batch.id)
    .where('status', 'in', ['ok', 'override'])
    .execute();
  return posted;
}

/** Rows per multi-row INSERT when posting (≤ 10 columns each: well under 32,766 parameters). */
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
 * Reverses a posted item returned unpaid (NSF): a `return` entry for the amount and, when the
 * fee is above zero, an `nsf` fee; both dated `returnedOn`. Guarded like posting: only the
 * caller that moves the item from 'posted' to 'nsf' writes anything; `null` for the others.
 */
export async function reverseNsf(
  db: DbOrTrx,
  item: MailItem,
  input: {
    returnedOn: IsoDate;
    reason: string;
    feeCents: number;
    at: string;
    userId: number | null;
  },
): Promise<{ returnEntryId: number; feeEntryId: number | null } | null> {
  const claimed = await db
    .updateTable('mail_items')
    .set({ status: 'nsf', nsf_at: input.at, nsf_by: input.userId, nsf_reason: input.reason })
    .where('id', '=', item.id)
    .where('status', '=', 'posted')
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  const posting = await postingOf(db, item.id);
  if (!posting) throw new DomainError('PRECONDITION', 'This item has no posting to reverse.');
  const ret = await postLedgerEntry(
    db,
    {
      accountId: posting.accountId,
      postedOn: input.returnedOn,
      kind: 'return',
      amountCents: posting.amountCents,
      code: 'nsf',
      description: `Returned unpaid: ${input.reason} (mail item #${item.instrumentNumber})`,
      reference: `mail-return:${item.id}`,
      createdBy: input.userId,
    },
    input.at,
  );
  let feeId: number | null = null;
  if (input.feeCents > 0) {
    const fee = await postLedgerEntry(
      db,
      {
        accountId: posting.accountId,
        postedOn: input.returnedOn,
        kind: 'fee',
        amountCents: input.feeCents,
        code: 'nsf',
        description: 'Returned-payment fee',
        reference: `mail-nsf-fee:${item.id}`,
        createdBy: input.userId,
      },
      input.at,
    );
    feeId = fee.id;
  }
  await db
    .updateTable('mail_postings')
    .set({ return_entry_id: ret.id, fee_entry_id: feeId })
    .where('item_id', '=', item.id)
    .execute();
  return { returnEntryId: ret.id, feeEntryId: feeId };
}

export async function insertLetter(
  db: DbOrTrx,
  input: {
    itemId: number;
    kind: 'return-to-sender' | 'nsf-notice';
    customerId: number | null;
    addressedTo: string;
    body: string;
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
      created_at: at,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function lettersOf(db: DbOrTrx, itemId: number) {
  return db
    .selectFrom('mail_letters')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
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
