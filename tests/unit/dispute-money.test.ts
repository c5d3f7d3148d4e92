import { describe, expect, it } from 'vitest';
import {
  correctionProblem,
  moneyActorProblem,
  provisionalCreditLimit,
  provisionalCreditProblem,
  reversalProblem,
} from '../../server/domain/dispute-money.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

describe('provisional credit bound', () => {
  it.each([
    [[{ amountCents: 45_000, ledgerAmountCents: 45_000 }], 45_000],
    [[{ amountCents: 50_000, ledgerAmountCents: 45_000 }], 45_000], // claimed more than debited
    [[{ amountCents: 10_000, ledgerAmountCents: 45_000 }], 10_000], // disputed part of a debit
    [[{ amountCents: 12_345, ledgerAmountCents: null }], 12_345],
    [
      [
        { amountCents: 45_000, ledgerAmountCents: 45_000 },
        { amountCents: 45_000, ledgerAmountCents: 40_000 },
      ],
      85_000,
    ],
  ])('%j → %i', (txs, limit) => {
    expect(provisionalCreditLimit(txs)).toBe(limit);
    expect(provisionalCreditProblem(limit, txs)).toBeNull();
    expect(englishOf(provisionalCreditProblem(limit + 1, txs) ?? '')).toMatch(/cannot exceed/);
  });
});

describe('correction bound', () => {
  it.each([
    // amount, disputed, credited, supervisor, refused?
    [45_000, 45_000, 0, false, false],
    [45_001, 45_000, 0, false, true],
    [45_001, 45_000, 0, true, false], // a supervisor may decide more
    [45_000, 45_000, 45_000, false, false], // the credit made final
    [30_000, 45_000, 45_000, false, false], // smaller real error: difference reversed later
    [50_000, 45_000, 20_000, false, true],
    [0, 45_000, 0, false, false],
  ])('%i of %i disputed, %i credited, supervisor %s → refused %s', (a, d, c, s, refused) => {
    const problem = correctionProblem({
      amountCents: a,
      disputedCents: d,
      creditedCents: c,
      supervisor: s,
    });
    expect(problem !== null).toBe(refused);
  });
});

describe('reversal bound', () => {
  it.each([
    [45_000, 45_000, null],
    [15_000, 15_000, null],
    [15_001, 15_000, /At most \$150\.00/],
    [1, 0, /nothing to reverse/],
  ])('%i of %i reversible', (amount, reversible, expected) => {
    const problem = reversalProblem(amount, reversible);
    if (expected === null) expect(problem).toBeNull();
    else expect(englishOf(problem ?? '')).toMatch(expected);
  });
});

describe('who may move money on a case', () => {
  it.each([
    [{ id: 7, role: 'agent' }, 7, true],
    [{ id: 7, role: 'agent' }, 8, false],
    [{ id: 7, role: 'agent' }, null, false],
    [{ id: 9, role: 'supervisor' }, 8, true],
    [{ id: 1, role: 'admin' }, null, true],
  ])('%j on a case owned by %s → %s', (actor, owner, allowed) => {
    expect(moneyActorProblem(actor, owner) === null).toBe(allowed);
  });
});
