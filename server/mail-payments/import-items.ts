import {
  accountsByNumber,
  batchItemKeys,
  insertItemRows,
  recentDuplicatesOf,
  type NewItemRow,
} from '../../db/repositories/mail-payments-import.ts';
import { reopenIfApproved, type ItemInput } from '../../db/repositories/mail-payments.ts';
import { requireBatch } from './load-batch.ts';
import { readSettings } from '../core/settings.ts';
import type { MutationContext } from '../core/record-change.ts';
import { addCalendarDays } from '../domain/dates.ts';
import { DomainError, msg } from '../domain/errors.ts';
import type { MailRule } from '../domain/mail-item-checks.ts';
import { parseAmountToCents } from '../domain/money.ts';
import { normalizeAccountNumber } from '../domain/validators/account-number.ts';
import { itemValues, runItemChecks } from './check-item.ts';
import { AMOUNT_HELP, type ItemFields } from './schemas.ts';
import { checkSettings, emitBatchChanged, requireOpen } from './shared.ts';

/**
 * Imports the bank's lockbox data file for a batch: every item checked exactly as if it were
 * keyed (in file order: an item sees the batch's earlier items as possible duplicates, as a
 * keyer's later item would), the facts gathered set-based, all in this one transaction with
 * one audit record. Bad input (an amount that does not read) rejects the whole file.
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

const dupKey = (accountNumber: string, instrumentNumber: string, amountCents: number) =>
  `${accountNumber}\u0000${instrumentNumber}\u0000${amountCents}`;

function parseAll(items: readonly ItemFields[]): ItemInput[] {
  return items.map((fields, index) => {
    const amountCents = parseAmountToCents(fields.amount, { digitsAreCents: true });
    if (amountCents === null) {
      throw new DomainError(
        'VALIDATION',
        msg('mailPayments.importAmountInvalid', { item: index + 1, text: fields.amount }),
        { fields: { [`items.${index}.amount`]: AMOUNT_HELP } },
      );
    }
    return { ...fields, amountCents };
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export async function importItems(
  ctx: MutationContext,
  input: { batchId: number; items: readonly ItemFields[] },
): Promise<ImportResult & { batchId: number }> {
  const batch = await requireBatch(ctx.db, input.batchId);
  requireOpen(batch, ctx.user);
  const inputs = parseAll(input.items);
  const config = checkSettings(await readSettings(ctx.db), batch);
  const at = ctx.now.toISOString();
  const keyed = inputs.map((item) => ({
    input: item,
    accountNumber: normalizeAccountNumber(item.accountNumber),
    instrumentNumber: item.instrumentNumber.trim(),
  }));

  // The facts, set-based: accounts, the batch so far, recent duplicates in other batches.
  const numbers = [...new Set(keyed.map((k) => k.accountNumber).filter((n) => /^\d{10}$/.test(n)))];
  const keys = new Map<string, readonly [string, string, number]>();
  for (const k of keyed)
    if (k.instrumentNumber)
      keys.set(dupKey(k.accountNumber, k.instrumentNumber, k.input.amountCents), [
        k.accountNumber,
        k.instrumentNumber,
        k.input.amountCents,
      ]);
  const window = config.mailPayments.duplicateWindowDays;
  const [accountRows, existing, recentRows] = await Promise.all([
    accountsByNumber(ctx.db, numbers),
    batchItemKeys(ctx.db, batch.id),
    recentDuplicatesOf(
      ctx.db,
      batch.id,
      [...keys.values()],
      addCalendarDays(batch.receiptDate, -window),
      addCalendarDays(batch.receiptDate, window),
    ),
  ]);
  const accountByNumber = new Map(accountRows.map((r) => [r.account_number, r]));
  const inBatch = new Map<string, number[]>();
  let lastSeq = 0;
  for (const r of existing) {
    lastSeq = Math.max(lastSeq, r.seq);
    if (r.status !== 'returned')
      push(inBatch, dupKey(r.account_number, r.instrument_number, r.amount_cents), r.seq);
  }
  const recent = new Map<string, Array<{ batchId: number; receiptDate: string }>>();
  for (const r of recentRows)
    push(recent, dupKey(r.account_number, r.instrument_number, r.amount_cents), {
      batchId: r.batchId,
      receiptDate: r.receiptDate,
    });
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

  // The checks, in file order; each item joins the in-batch map after it is checked.
  const checked = keyed.map((k, index) => {
    const seq = lastSeq + 1 + index;
    const key = dupKey(k.accountNumber, k.instrumentNumber, k.input.amountCents);
    const account = /^\d{10}$/.test(k.accountNumber)
      ? (accountByNumber.get(k.accountNumber) ?? null)
      : null;
    const failures = runItemChecks(
      k.input,
      config,
      account,
      inBatch.get(key) ?? [],
      recent.get(key) ?? [],
    );
    push(inBatch, key, seq);
    const row: NewItemRow = {
      batch_id: batch.id,
      seq,
      ...itemValues(k.input, account, failures),
      status: failures.length === 0 ? 'ok' : 'exception',
      keyed_at: at,
      keyed_by: ctx.user.id,
    };
    return { row, rules: failures.map((f) => f.rule) };
  });
  const ids = await insertItemRows(
    ctx.db,
    checked.map((c) => c.row),
  );
  await reopenIfApproved(ctx.db, batch.id);

  const exceptions: ImportedException[] = checked
    .filter((c) => c.row.status === 'exception')
    .map((c) => ({
      itemId: ids.get(c.row.seq) ?? 0,
      seq: c.row.seq,
      accountNumber: c.row.account_number,
      amountCents: c.row.amount_cents,
      rules: c.rules,
    }));
  const result: ImportResult = {
    count: checked.length,
    totalCents: checked.reduce((s, c) => s + c.row.amount_cents, 0),
    firstSeq: lastSeq + 1,
    lastSeq: lastSeq + checked.length,
    exceptionCount: exceptions.length,
    exceptions,
  };
  const rules: Record<string, number> = {};
  for (const e of exceptions) for (const r of e.rules) rules[r] = (rules[r] ?? 0) + 1;
  await ctx.audit({
    action: 'mail-batch.import',
    entityType: 'mail_batch',
    entityId: batch.id,
    after: {
      count: result.count,
      totalCents: result.totalCents,
      exceptions: result.exceptionCount,
      seqs: [result.firstSeq, result.lastSeq],
      rules,
    },
  });
  emitBatchChanged(ctx, batch.id);
  return { batchId: batch.id, ...result };
}
