import { describe, expect, it } from 'vitest';
import type { LedgerKind } from '../../db/schema/index.ts';
import { addCalendarDays } from '../../server/domain/dates.ts';
import { replayLedger, summarizeAccount, type LedgerEntry } from '../../server/domain/ledger.ts';
import { payoffOf, type Payoff } from '../../server/domain/payoff.ts';
import { payoffQuote } from '../../server/domain/payoff-quote.ts';
import type { AccountTerms } from '../../server/domain/schedule.ts';

// A loan at 7.30 %: one day's interest is principal / 5 000, easy to check by hand.
// Opened 2026-01-01, due on the 20th (first 2026-01-20), 12 × $1,039.99.
// Principal after 0 / 1 / 2 instalments: 1 200 000 / 1 103 301 / 1 006 014 (schedule.ts).
const loan: AccountTerms = {
  type: 'loan',
  frequency: 'monthly',
  paymentCents: 103_999,
  dueDay: 20,
  openedOn: '2026-01-01',
  termMonths: 12,
  amountFinancedCents: 1_200_000,
  aprBps: 730,
  residualCents: null,
  status: 'active',
  closedOn: null,
};
// The same loan at 0 %: no per diem.
const flatLoan: AccountTerms = { ...loan, aprBps: 0, paymentCents: 100_000 };
// A lease: $12,000 of depreciation over 24 instalments ($500.00 each) + a $12,000 residual;
// an instalment of $600.00 is $500.00 of depreciation and $100.00 of rent charge.
const lease: AccountTerms = {
  ...loan,
  type: 'lease',
  paymentCents: 60_000,
  termMonths: 24,
  amountFinancedCents: 2_400_000,
  aprBps: 400,
  residualCents: 1_200_000,
};

let nextId = 1;
const entry = (postedOn: string, kind: LedgerKind, amountCents: number): LedgerEntry => ({
  id: nextId++,
  postedOn,
  kind,
  amountCents,
  code: null,
  description: null,
  reference: null,
});

const paidJan = (terms: AccountTerms, amount = terms.paymentCents) => [
  entry('2026-01-20', 'payment', -amount),
];

const payoff = (terms: AccountTerms, entries: LedgerEntry[], day: string): Payoff =>
  payoffOf(terms, replayLedger(terms, entries, day), day);

describe('payoffOf', () => {
  type Expected = Omit<Payoff, 'asOf' | 'feesCents' | 'installmentsBilled'>;
  it.each<[string, AccountTerms, LedgerEntry[], string, Expected]>([
    [
      'loan before its first due date: 10 days of interest since it opened',
      loan,
      [],
      '2026-01-11',
      {
        owedCents: 0,
        principalCents: 1_200_000,
        perDiemCents: 240,
        interestDays: 10,
        interestCents: 2_400,
        totalCents: 1_202_400,
      },
    ],
    [
      'loan, January paid: 21 days of interest since 2026-01-20',
      loan,
      paidJan(loan),
      '2026-02-10',
      {
        owedCents: 0,
        principalCents: 1_103_301,
        perDiemCents: 221,
        interestDays: 21,
        interestCents: 4_641,
        totalCents: 1_107_942,
      },
    ],
    [
      'loan, nine days later: + 9 × the per diem exactly',
      loan,
      paidJan(loan),
      '2026-02-19',
      {
        owedCents: 0,
        principalCents: 1_103_301,
        perDiemCents: 221,
        interestDays: 30,
        interestCents: 6_630,
        totalCents: 1_107_942 + 9 * 221,
      },
    ],
    [
      'loan on its due date, unpaid: the instalment is owed, principal and interest restart',
      loan,
      paidJan(loan),
      '2026-02-20',
      {
        owedCents: 103_999,
        principalCents: 1_006_014,
        perDiemCents: 201,
        interestDays: 0,
        interestCents: 0,
        totalCents: 1_110_013,
      },
    ],
    [
      'loan at 0 %: no per diem',
      flatLoan,
      paidJan(flatLoan),
      '2026-02-10',
      {
        owedCents: 0,
        principalCents: 1_100_000,
        perDiemCents: 0,
        interestDays: 0,
        interestCents: 0,
        totalCents: 1_100_000,
      },
    ],
    [
      'loan at 0 % over its due date: the instalment moves from principal to owed',
      flatLoan,
      paidJan(flatLoan),
      '2026-02-20',
      {
        owedCents: 100_000,
        principalCents: 1_000_000,
        perDiemCents: 0,
        interestDays: 0,
        interestCents: 0,
        totalCents: 1_100_000,
      },
    ],
    [
      'lease, January paid: remaining depreciation + residual, no per diem',
      lease,
      paidJan(lease),
      '2026-02-10',
      {
        owedCents: 0,
        principalCents: 2_350_000,
        perDiemCents: 0,
        interestDays: 0,
        interestCents: 0,
        totalCents: 2_350_000,
      },
    ],
    [
      'lease nine days later: unchanged',
      lease,
      paidJan(lease),
      '2026-02-19',
      {
        owedCents: 0,
        principalCents: 2_350_000,
        perDiemCents: 0,
        interestDays: 0,
        interestCents: 0,
        totalCents: 2_350_000,
      },
    ],
    [
      'lease on its due date, unpaid: up by the instalment’s rent charge ($600 billed − $500 principal)',
      lease,
      paidJan(lease),
      '2026-02-20',
      {
        owedCents: 60_000,
        principalCents: 2_300_000,
        perDiemCents: 0,
        interestDays: 0,
        interestCents: 0,
        totalCents: 2_360_000,
      },
    ],
    [
      'lease with a late fee: the fee is in it',
      lease,
      [...paidJan(lease), entry('2026-02-01', 'fee', 2_500)],
      '2026-02-10',
      {
        owedCents: 2_500,
        principalCents: 2_350_000,
        perDiemCents: 0,
        interestDays: 0,
        interestCents: 0,
        totalCents: 2_352_500,
      },
    ],
    [
      'lease overpaid by $100: the credit comes off',
      lease,
      paidJan(lease, 70_000),
      '2026-02-10',
      {
        owedCents: -10_000,
        principalCents: 2_350_000,
        perDiemCents: 0,
        interestDays: 0,
        interestCents: 0,
        totalCents: 2_340_000,
      },
    ],
    [
      'paid-off loan: only what the ledger still says, never negative',
      { ...loan, status: 'paid_off', closedOn: '2026-02-01' },
      [
        ...paidJan(loan),
        entry('2026-02-01', 'charge', 1_110_000),
        entry('2026-02-01', 'payment', -1_110_000),
      ],
      '2026-03-10',
      {
        owedCents: 0,
        principalCents: 0,
        perDiemCents: 0,
        interestDays: 0,
        interestCents: 0,
        totalCents: 0,
      },
    ],
  ])('%s', (_label, terms, entries, day, expected) => {
    const p = payoff(terms, entries, day);
    expect(p).toMatchObject({ asOf: day, ...expected });
    // The 360's figure for the day is this one.
    const s = summarizeAccount(terms, entries, day);
    expect(s.payoffCents).toBe(p.totalCents);
    expect(s.payoff).toEqual(p);
  });
});

describe('payoffQuote', () => {
  it('loan: today is the 360 figure that day; the quote is the payoff on the good-through day, then + n × per diem', () => {
    const entries = paidJan(loan);
    const q = payoffQuote(loan, entries, '2026-02-05');
    expect(q.goodThrough).toBe('2026-02-15');
    expect(q.payoffTodayCents).toBe(summarizeAccount(loan, entries, '2026-02-05').payoffCents);
    expect(q.payoffCents).toBe(summarizeAccount(loan, entries, '2026-02-15').payoffCents);
    expect(q.perDiemCents).toBe(221);
    expect(q.installmentsDue).toEqual([]);
    // The letter says "add the per diem for each day after": the 360 says the same on each day.
    for (let n = 1; n <= 4; n++) {
      const later = summarizeAccount(loan, entries, addCalendarDays(q.goodThrough, n));
      expect(later.payoffCents).toBe(q.payoffCents + n * q.perDiemCents);
    }
  });

  it('lease: per diem 0; an instalment falling due in the window is listed and adds its rent charge', () => {
    const entries = paidJan(lease);
    const q = payoffQuote(lease, entries, '2026-02-15');
    expect(q.goodThrough).toBe('2026-02-25');
    expect(q.perDiemCents).toBe(0);
    expect(q.payoffTodayCents).toBe(2_350_000);
    expect(q.payoffCents).toBe(2_360_000);
    expect(q.installmentsDue).toEqual([{ dueOn: '2026-02-20', amountCents: 60_000 }]);
    expect(q.payoffCents).toBe(summarizeAccount(lease, entries, '2026-02-25').payoffCents);
    // Paid in the window (an EasyPay debit): the payoff that day is the quote less the payment.
    const paid = [...entries, entry('2026-02-20', 'payment', -60_000)];
    expect(summarizeAccount(lease, paid, '2026-02-25').payoffCents).toBe(q.payoffCents - 60_000);
    // A window without a due date: the quote is today's payoff.
    const quiet = payoffQuote(lease, entries, '2026-02-05');
    expect(quiet.installmentsDue).toEqual([]);
    expect(quiet.payoffCents).toBe(quiet.payoffTodayCents);
  });

  it('refuses an account that is not active', () => {
    expect(() =>
      payoffQuote({ ...loan, status: 'paid_off', closedOn: '2026-02-01' }, [], '2026-03-01'),
    ).toThrow();
  });
});
