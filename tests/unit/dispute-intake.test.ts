import { describe, expect, it } from 'vitest';
import {
  debitsNamedIn,
  isNewAccountOnTransfer,
  namedAmounts,
} from '../../server/domain/dispute-intake.ts';

describe('new account is judged on the transfer date', () => {
  it.each([
    ['2026-11-01', ['2026-11-20'], true],
    ['2026-10-01', ['2026-10-31'], true], // day 30
    ['2026-10-01', ['2026-11-01'], false], // day 31
    ['2026-10-01', ['2026-11-05', '2026-10-20'], true], // the earliest transfer decides
    ['2026-10-01', [], false],
  ])('opened %s, transfers %j → %s', (opened, dates, expected) => {
    expect(isNewAccountOnTransfer(opened, dates)).toBe(expected);
  });
});

describe('amounts a customer writes', () => {
  it.each([
    ['You took $450.00 twice', [45_000]],
    ['débit de 450,00 $ en double', [45_000]],
    ['1 234,56 $ prélevé', [123_456]],
    ['$1,234.56 and $12', [123_456, 1_200]],
    ['payment 450.00 on 11/05', [45_000]],
    ['no amount on 2026-11-05', []],
  ])('%s → %j', (text, cents) => {
    expect(namedAmounts(text).sort((a, b) => a - b)).toEqual([...cents].sort((a, b) => a - b));
  });

  it('offers the debits of the amounts named', () => {
    const debits = [
      { id: 3, postedOn: '2026-11-05', amountCents: 45_000, description: 'EasyPay' },
      { id: 2, postedOn: '2026-11-05', amountCents: 45_000, description: 'EasyPay' },
      { id: 1, postedOn: '2026-10-05', amountCents: 2_500, description: 'Late fee' },
    ];
    expect(debitsNamedIn('You debited $450.00 twice', debits).map((d) => d.id)).toEqual([3, 2]);
    expect(debitsNamedIn('Something is wrong', debits)).toEqual([]);
    // The same monthly amount in earlier months is not the debit the customer means.
    const monthly = [
      { id: 9, postedOn: '2026-11-03', amountCents: 51_236, description: 'payment' },
      { id: 8, postedOn: '2026-10-02', amountCents: 51_236, description: 'payment' },
    ];
    expect(debitsNamedIn('You took $512.36 twice', monthly).map((d) => d.id)).toEqual([9]);
  });
});
