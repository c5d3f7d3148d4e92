import type { BatchBalance } from './mail-item-checks.ts';
import { applyInOrder, formatCents, type Application, type Cents } from './money.ts';

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
export function postingBlockers(batch: BatchForPosting): string[] {
  const out: string[] = [];
  if (batch.status === 'posted') return ['The batch is already posted.'];
  const b = batch.balance;
  if (!b.balanced) {
    out.push(
      `The batch does not balance: count ${b.count} of ${b.controlCount}, total ${formatCents(b.totalCents)} of ${formatCents(b.controlTotalCents)} (difference ${b.countDifference} item${Math.abs(b.countDifference) === 1 ? '' : 's'}, ${formatCents(b.totalDifferenceCents)}).`,
    );
  }
  const open = batch.items.filter((i) => i.status === 'exception').map((i) => i.seq);
  if (open.length > 0) out.push(`Resolve the exceptions first: item ${open.join(', ')}.`);
  const overrides = batch.items.some((i) => i.status === 'override');
  if (overrides && batch.status !== 'approved') {
    out.push('The batch has overrides: a supervisor must approve it before it posts.');
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
): string | null {
  if (batch.status === 'posted') return 'The batch is already posted.';
  if (!batch.items.some((i) => i.status === 'override'))
    return 'The batch has no overrides to approve.';
  if (batch.items.some((i) => i.status === 'exception'))
    return 'Resolve the remaining exceptions before approval.';
  if (batch.openedBy === approverId)
    return 'You opened this batch: another supervisor must approve it.';
  if (batch.items.some((i) => i.status === 'override' && i.overrideBy === approverId)) {
    return 'You asked for an override in this batch: another supervisor must approve it.';
  }
  return null;
}

/**
 * The body of a letter (return to sender or returned-payment notice), plain text.
 *
 * @example nsfNoticeText({ name: 'Ann Lee', accountNumber: '1234567890', amountCents: 50000, ... })
 */
export function returnToSenderText(input: {
  remitter: string;
  instrument: string;
  amountCents: Cents;
  receiptDate: string;
  reason: string;
  lenderName: string;
}): string {
  return [
    `Dear ${input.remitter || 'Sir or Madam'},`,
    '',
    `We received your ${input.instrument} for ${formatCents(input.amountCents)} on ${input.receiptDate} and are returning it to you uncashed.`,
    `Reason: ${input.reason}`,
    '',
    'Please write your 10-digit account number on your payment and make it payable to the name on your statement: lease payments to MINI Financial Services, loan payments to BMW Bank of North America.',
    'Questions: 1-866-MINI-4ME.',
    '',
    input.lenderName,
  ].join('\n');
}

export function nsfNoticeText(input: {
  name: string;
  accountNumber: string;
  instrument: string;
  amountCents: Cents;
  receiptDate: string;
  feeCents: Cents;
  reason: string;
  lenderName: string;
}): string {
  return [
    `Dear ${input.name},`,
    '',
    `Your ${input.instrument} for ${formatCents(input.amountCents)}, received on ${input.receiptDate} for account ${input.accountNumber}, was returned unpaid by your bank (${input.reason}).`,
    `We have reversed the payment${input.feeCents > 0 ? ` and charged the returned-payment fee of ${formatCents(input.feeCents)} allowed in your state` : ''}.`,
    'Please send a replacement payment in certified funds (cashier’s check or money order) or call 1-866-MINI-4ME to pay.',
    '',
    input.lenderName,
  ].join('\n');
}
