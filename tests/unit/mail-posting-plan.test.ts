import { describe, expect, it } from 'vitest';
import type { AccountTerms, LedgerEntry } from '../../server/domain/ledger.ts';
import {
  agingBuckets,
  planBatchPosting,
  postingTotals,
  type Bucket,
  type PostableItem,
} from '../../server/domain/mail-posting.ts';

const loan: AccountTerms = {
  type: 'loan',
  frequency: 'monthly',
  paymentCents: 50_000,
  dueDay: 5,
  openedOn: '2026-01-20',
  termMonths: 48,
  amountFinancedCents: 2_000_000,
  aprBps: 599,
  residualCents: null,
  status: 'active',
  closedOn: null,
};
const ORDER: Bucket[] = ['fees', 'pastDue', 'current', 'principal'];
const batch = { id: 4, lockboxId: 'loan-phoenix', receiptDate: '2026-11-18' };
const item = (id: number, amountCents: number, accountId: number | null = 7): PostableItem => ({
  id,
  seq: id,
  accountId,
  amountCents,
  instrumentType: 'personal_check',
  instrumentNumber: String(1000 + id),
});
// Paid through October: November's instalment (due the 5th) is past due on the 18th.
const paidThroughOctober: LedgerEntry[] = Array.from({ length: 9 }, (_, i) => ({
  id: i + 1,
  postedOn: `2026-${String(i + 2).padStart(2, '0')}-05`,
  kind: 'payment',
  amountCents: -50_000,
  code: 'easypay',
  description: null,
  reference: null,
}));

describe('planBatchPosting (pure)', () => {
  it('plans one negative payment line per item, as of the receipt date, with its reference', () => {
    const [p] = planBatchPosting(
      batch,
      [item(9, 50_000)],
      new Map([[7, loan]]),
      new Map([[7, paidThroughOctober]]),
      ORDER,
    );
    expect(p?.line).toEqual({
      accountId: 7,
      postedOn: '2026-11-18',
      kind: 'payment',
      amountCents: -50_000,
      code: 'mail',
      description: 'Mail payment personal check #1009 (lockbox loan-phoenix, batch 4)',
      reference: 'mail-item:9',
    });
  });

  it('payments to one account allocate in sequence (past due, then current, then principal); the input ledger is untouched', () => {
    const ledgers = new Map([[7, paidThroughOctober]]);
    const plan = planBatchPosting(
      batch,
      [item(1, 50_000), item(2, 50_000), item(3, 50_000)],
      new Map([[7, loan]]),
      ledgers,
      ORDER,
    );
    const where = plan.map((p) =>
      p.allocation.buckets.filter((b) => b.applied > 0).map((b) => [b.key, b.applied]),
    );
    expect(where).toEqual([[['pastDue', 50_000]], [['current', 50_000]], [['principal', 50_000]]]);
    expect(ledgers.get(7)).toHaveLength(9);
  });

  it('refuses an item without an account, or naming one that does not exist', () => {
    expect(() =>
      planBatchPosting(batch, [item(3, 100, null)], new Map(), new Map(), ORDER),
    ).toThrow(/Item 3 has no account/);
    expect(() =>
      planBatchPosting(batch, [item(4, 100, 99)], new Map([[7, loan]]), new Map(), ORDER),
    ).toThrow(/Item 4 names an account that does not exist/);
  });
});

describe('agingBuckets (pure)', () => {
  it.each([
    ['2026-11-20', '0-1', 0],
    ['2026-11-19', '0-1', 1],
    ['2026-11-17', '2-3', 3],
    ['2026-11-13', '4-7', 7],
    ['2026-11-12', '8+', 8],
  ])('received %s → bucket %s (%i days)', (receiptDate, label, days) => {
    const { buckets, oldestDays } = agingBuckets(
      [{ receiptDate, count: 2, totalCents: 900 }],
      '2026-11-20',
    );
    expect(buckets.find((b) => b.count > 0)).toEqual({ label, count: 2, totalCents: 900 });
    expect(oldestDays).toBe(days);
  });
});

describe('postingTotals', () => {
  it('counts only ok and overridden items: what the confirmation shows and the authority checks', () => {
    const item = (status: string, amountCents: number, accountNumber: string) => ({
      status,
      amountCents,
      accountNumber,
    });
    expect(
      postingTotals([
        item('ok', 45_000, '1000000001'),
        item('override', 60_000, '1000000001'),
        item('exception', 99_999, '1000000002'),
        item('returned', 12_000, '1000000003'),
        item('ok', 5_000, '1000000004'),
      ]),
    ).toEqual({ count: 3, totalCents: 110_000, largestItemCents: 60_000, accounts: 2 });
    expect(postingTotals([])).toEqual({
      count: 0,
      totalCents: 0,
      largestItemCents: 0,
      accounts: 0,
    });
  });
});
