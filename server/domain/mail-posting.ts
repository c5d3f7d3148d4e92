import { daysBetween, type IsoDate } from './dates.ts';
import { DomainError } from './errors.ts';
import {
  replayOptionsOf,
  summarizeAccount,
  type AccountTerms,
  type LedgerEntry,
} from './ledger.ts';
import type { BatchBalance } from './mail-item-checks.ts';
import { applyInOrder, type Application, type Cents } from './money.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * What decides whether a lockbox batch may post, and how one payment is applied. Pure.
 */

export type Bucket = 'fees' | 'pastDue' | 'current' | 'principal';

/** An account's position as of the receipt date, before the payment. */
export interface PositionBefore {
  feesDueCents: Cents;
  pastDueCents: Cents;
  currentDueCents: Cents;
  /** Everything that closes the account (includes the three above). */
  payoffCents: Cents;
}

/**
 * Applies a mail payment through the configured waterfall (fees → past due → current →
 * principal/prepayment by default). Principal takes what is left of the payoff; anything beyond
 * the payoff is the remainder (an overpayment to refund).
 *
 * @example
 * allocateMailPayment(60000, { feesDueCents: 2500, pastDueCents: 0, currentDueCents: 50000, payoffCents: 900000 },
 *   ['fees', 'pastDue', 'current', 'principal']).buckets.map((b) => b.applied) // [2500, 0, 50000, 7500]
 */
export function allocateMailPayment(
  amountCents: Cents,
  before: PositionBefore,
  order: readonly Bucket[],
): Application<Bucket> {
  const fees = Math.max(0, before.feesDueCents);
  const pastDue = Math.max(0, before.pastDueCents);
  const current = Math.max(0, before.currentDueCents);
  const principal = Math.max(0, before.payoffCents - fees - pastDue - current);
  const due: Record<Bucket, Cents> = { fees, pastDue, current, principal };
  return applyInOrder(
    amountCents,
    order.map((key) => ({ key, due: due[key] })),
  );
}

/** What posting a batch credits: its items that are ok or overridden (the repository's
 * `postableItems` reads the same statuses). */
export interface PostingTotals {
  count: number;
  totalCents: Cents;
  largestItemCents: Cents;
  /** Distinct accounts credited. */
  accounts: number;
}

/**
 * The count and total a posting credits: what the confirmation shows the poster and what their
 * money authority is checked against, from one rule.
 *
 * @example postingTotals([{ status: 'ok', amountCents: 500, accountNumber: '1' }, { status: 'exception', amountCents: 9, accountNumber: '2' }])
 * // { count: 1, totalCents: 500, largestItemCents: 500, accounts: 1 }
 */
export function postingTotals(
  items: ReadonlyArray<{ status: string; amountCents: Cents; accountNumber: string }>,
): PostingTotals {
  const postable = items.filter((i) => i.status === 'ok' || i.status === 'override');
  return {
    count: postable.length,
    totalCents: postable.reduce((s, i) => s + i.amountCents, 0),
    largestItemCents: Math.max(0, ...postable.map((i) => i.amountCents)),
    accounts: new Set(postable.map((i) => i.accountNumber)).size,
  };
}

export interface BatchForPosting {
  status: 'open' | 'approved' | 'posted';
  balance: BatchBalance;
  openedBy: number | null;
  approvedBy: number | null;
  items: ReadonlyArray<{ seq: number; status: string; overrideBy: number | null }>;
}

/**
 * Why a batch cannot post yet (empty: it can). Approval counts only when the batch is in the
 * 'approved' state: an override made after approval puts it back to 'open'.
 *
 * @example postingBlockers({ status: 'open', balance: { balanced: false, ... }, ... })
 * // ['The batch does not balance: 1 item and $12.00 still to key.']
 */
export function postingBlockers(batch: BatchForPosting): ServerMessage[] {
  const out: ServerMessage[] = [];
  if (batch.status === 'posted') return [msg('mailPayments.gate.alreadyPosted')];
  const b = batch.balance;
  if (!b.balanced) {
    out.push(
      msg('mailPayments.gate.unbalanced', {
        count: b.count,
        controlCount: b.controlCount,
        total: b.totalCents,
        controlTotal: b.controlTotalCents,
        countDifference: b.countDifference,
        totalDifference: b.totalDifferenceCents,
      }),
    );
  }
  const open = batch.items.filter((i) => i.status === 'exception').map((i) => i.seq);
  if (open.length > 0)
    out.push(msg('mailPayments.gate.resolveExceptions', { items: open.join(', ') }));
  const overrides = batch.items.some((i) => i.status === 'override');
  if (overrides && batch.status !== 'approved') {
    out.push(msg('mailPayments.gate.needsApproval'));
  }
  return out;
}

/**
 * Maker ≠ checker: the approver may not be who opened the batch or who asked for an override.
 *
 * @example approvalBlocker(7, { openedBy: 7, items: [] }) // 'You opened this batch: …'
 */
export function approvalBlocker(
  approverId: number,
  batch: Pick<BatchForPosting, 'openedBy' | 'items' | 'status'>,
): ServerMessage | null {
  if (batch.status === 'posted') return msg('mailPayments.gate.alreadyPosted');
  if (!batch.items.some((i) => i.status === 'override'))
    return msg('mailPayments.gate.noOverrides');
  if (batch.items.some((i) => i.status === 'exception'))
    return msg('mailPayments.gate.exceptionsBeforeApproval');
  if (batch.openedBy === approverId) return msg('mailPayments.gate.youOpened');
  if (batch.items.some((i) => i.status === 'override' && i.overrideBy === approverId)) {
    return msg('mailPayments.gate.youOverrode');
  }
  return null;
}

export interface PostableItem {
  id: number;
  seq: number;
  accountId: number | null;
  amountCents: Cents;
  instrumentType: string;
  instrumentNumber: string;
}

/** One item's planned posting: the ledger line to write and how the payment applies. */
export interface PlannedPosting {
  itemId: number;
  seq: number;
  accountId: number;
  amountCents: Cents;
  allocation: Application<Bucket>;
  line: {
    accountId: number;
    postedOn: IsoDate;
    kind: 'payment';
    amountCents: Cents;
    code: 'mail';
    description: string;
    reference: string;
  };
}

/**
 * Plans a batch's posting as of its receipt date: one payment line per item and its
 * allocation through the waterfall, each payment seeing the ones before it (an account paid
 * twice in a batch allocates its second payment after the first). Pure: the accounts' terms
 * and ledgers are read beforehand (set-based), the lines written afterwards by the ledger's
 * one writer, which checks them.
 *
 * @example
 * planBatchPosting({ id: 4, lockboxId: 'lease-phoenix', receiptDate: '2026-11-18' },
 *   [{ id: 9, seq: 1, accountId: 7, amountCents: 45000, instrumentType: 'personal_check', instrumentNumber: '1001' }],
 *   new Map([[7, terms]]), new Map([[7, entries]]), ['fees', 'pastDue', 'current', 'principal'])
 * // [{ itemId: 9, line: { kind: 'payment', amountCents: -45000, reference: 'mail-item:9', ... }, allocation }]
 * @throws DomainError PRECONDITION when an item has no account or names one that does not exist.
 */
export function planBatchPosting(
  batch: { id: number; lockboxId: string; receiptDate: IsoDate },
  items: readonly PostableItem[],
  accounts: ReadonlyMap<number, AccountTerms>,
  ledgers: ReadonlyMap<number, readonly LedgerEntry[]>,
  order: readonly Bucket[],
): PlannedPosting[] {
  const unassigned = items.find((i) => i.accountId === null);
  if (unassigned)
    throw new DomainError(
      'PRECONDITION',
      msg('mailPayments.itemNoAccount', { item: unassigned.seq }),
    );
  const options = replayOptionsOf(order);
  // Working copies: the caller's ledgers stay as read.
  const working = new Map<number, LedgerEntry[]>();
  const planned: PlannedPosting[] = [];
  for (const item of items) {
    const accountId = item.accountId as number;
    const terms = accounts.get(accountId);
    if (!terms)
      throw new DomainError(
        'PRECONDITION',
        msg('mailPayments.itemUnknownAccount', { item: item.seq }),
      );
    let entries = working.get(accountId);
    if (!entries) working.set(accountId, (entries = [...(ledgers.get(accountId) ?? [])]));
    const summary = summarizeAccount(terms, entries, batch.receiptDate, options);
    const allocation = allocateMailPayment(item.amountCents, summary, order);
    const line = {
      accountId,
      postedOn: batch.receiptDate,
      kind: 'payment' as const,
      amountCents: -item.amountCents,
      code: 'mail' as const,
      description: `Mail payment ${item.instrumentType.replace('_', ' ')} #${item.instrumentNumber} (lockbox ${batch.lockboxId}, batch ${batch.id})`,
      reference: `mail-item:${item.id}`,
    };
    // Ledger order is (posted_on, id): the new entry goes after everything posted on or before
    // the receipt date, before anything dated later.
    const entry: LedgerEntry = { ...line, id: Number.MAX_SAFE_INTEGER };
    let at = entries.length;
    while (at > 0 && (entries[at - 1] as LedgerEntry).postedOn > entry.postedOn) at -= 1;
    entries.splice(at, 0, entry);
    planned.push({
      itemId: item.id,
      seq: item.seq,
      accountId,
      amountCents: item.amountCents,
      allocation,
      line,
    });
  }
  return planned;
}

export interface AgingBucket {
  label: '0-1' | '2-3' | '4-7' | '8+';
  count: number;
  totalCents: number;
}

/**
 * Unresolved exceptions by days since receipt (0-1, 2-3, 4-7, 8+), and the oldest age.
 *
 * @example agingBuckets([{ receiptDate: '2026-11-10', count: 2, totalCents: 9000 }], '2026-11-20')
 * // { buckets: [..., { label: '8+', count: 2, totalCents: 9000 }], oldestDays: 10 }
 */
export function agingBuckets(
  rows: ReadonlyArray<{ receiptDate: IsoDate; count: number; totalCents: Cents }>,
  today: IsoDate,
): { buckets: AgingBucket[]; oldestDays: number } {
  const buckets: AgingBucket[] = [
    { label: '0-1', count: 0, totalCents: 0 },
    { label: '2-3', count: 0, totalCents: 0 },
    { label: '4-7', count: 0, totalCents: 0 },
    { label: '8+', count: 0, totalCents: 0 },
  ];
  let oldest = 0;
  for (const r of rows) {
    const days = Math.max(0, daysBetween(r.receiptDate, today));
    oldest = Math.max(oldest, days);
    const bucket = buckets[days <= 1 ? 0 : days <= 3 ? 1 : days <= 7 ? 2 : 3];
    if (!bucket) continue;
    bucket.count += r.count;
    bucket.totalCents += r.totalCents;
  }
  return { buckets, oldestDays: oldest };
}
