import { describe, expect, it } from 'vitest';
import { englishOf } from '../../server/domain/shared/server-messages.ts';
import { BusinessCalendar } from '../../server/domain/calendar.ts';
import { planSearch } from '../../server/domain/customer-search.ts';
import { easyPayDebitDate, easyPayOutlook } from '../../server/domain/easypay.ts';
import { planQueueSearch } from '../../server/domain/queue-search.ts';
import {
  formatPhone,
  maskBankAccount,
  maskDateOfBirth,
  maskPhone,
  maskPostalCode,
  maskSsn,
  maskVin,
  normalizePhone,
} from '../../server/domain/masking.ts';

describe('search plan', () => {
  it.each([
    ['hélène trem', { ftsQuery: '"hélène"* AND "trem"*' }],
    ['Helene', { ftsQuery: '"Helene"*' }],
    ["O'Brien", { ftsQuery: '"O"* AND "Brien"*' }],
    ['"; drop table', { ftsQuery: '"drop"* AND "table"*' }],
    ['5682673982', { accountPrefix: '5682673982', phonePrefix: '5682673982', ftsQuery: null }],
    ['568-267', { accountPrefix: '568267', phonePrefix: '568267' }],
    ['(514) 555-4676', { phonePrefix: '5145554676', accountPrefix: '5145554676' }],
    ['+1 514 555 4676', { phonePrefix: '5145554676', accountPrefix: null }],
    ['WMWXU3C54ST183154', { vinPrefix: 'WMWXU3C54ST183154', vinLast8Prefix: null }],
    ['st183154', { vinPrefix: 'ST183154', vinLast8Prefix: 'ST183154' }],
    ['Helene.T@Videotron.ca', { emailPrefix: 'helene.t@videotron.ca', ftsQuery: null }],
  ] as const)('%s', (query, expected) => {
    expect(planSearch(query)).toMatchObject(expected);
  });

  it('ignores what is too short to mean anything', () => {
    expect(planSearch(' a ')).toEqual(planSearch(''));
    expect(planSearch('123')).toMatchObject({
      accountPrefix: null,
      phonePrefix: null,
      ftsQuery: null,
    });
  });

  it('never treats a name as a VIN (VINs have digits) nor a VIN with I, O or Q as one', () => {
    expect(planSearch('Tremblay').vinPrefix).toBeNull();
    expect(planSearch('WMWIU3C54').vinPrefix).toBeNull();
  });
});

describe('masking', () => {
  it('shows only what an agent needs', () => {
    expect(maskPhone('5145554676')).toBe('XXXXXX-4676');
    expect(formatPhone('5145554676')).toBe('(514) 555-4676');
    // Identity-verification answers are never sent to the person verifying, not even in part
    // (SPEC "Least data", issue 21): masked whole, shape kept.
    expect(maskSsn('1234')).toBe('XXX-XX-XXXX');
    expect(maskSsn(null)).toBeNull();
    expect(maskDateOfBirth('1980-01-02')).toBe('XXXX-XX-XX');
    expect(maskDateOfBirth(null)).toBeNull();
    expect(maskPostalCode('H3B 4W8')).toBe('XXX XXX');
    expect(maskPostalCode('12207')).toBe('XXXXX');
    expect(maskVin('KP042788')).toBe('XXXXXXXXXKP042788'); // the full VIN never, its last 8 only
    expect(maskBankAccount('6789')).toBe('XXXX-6789');
  });

  it.each([
    ['+1 (514) 555-4676', '5145554676'],
    ['514.555.4676', '5145554676'],
    ['155-5555', null],
    ['0145554676', null],
  ])('normalises %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});

describe('EasyPay cancellation window', () => {
  const cal = new BusinessCalendar([]);

  it('debits on the next business day when the due date is not one', () => {
    expect(easyPayDebitDate(cal, '2026-11-26')).toBe('2026-11-27'); // Thanksgiving
    expect(easyPayDebitDate(cal, '2026-11-28')).toBe('2026-11-30'); // Saturday
    expect(easyPayDebitDate(cal, '2026-12-01')).toBe('2026-12-01');
  });

  it('counts 3 business days back from the debit, skipping Thanksgiving', () => {
    const dues = ['2026-11-28', '2026-12-28'];
    const monday = easyPayOutlook(cal, dues, '2026-11-23');
    expect(monday.next).toMatchObject({
      dueDate: '2026-11-28',
      debitDate: '2026-11-30',
      cancelBy: '2026-11-24',
    });
    expect(englishOf(monday.next!.cancelByExplanation)).toContain('Thanksgiving');
    expect(monday.canStopNext).toBe(true);
    expect(monday.firstStoppable?.dueDate).toBe('2026-11-28');

    const wednesday = easyPayOutlook(cal, dues, '2026-11-25');
    expect(wednesday.canStopNext).toBe(false);
    expect(wednesday.firstStoppable).toMatchObject({
      dueDate: '2026-12-28',
      cancelBy: '2026-12-22',
    }); // Christmas skipped
  });

  it('moves on once the debit date has passed', () => {
    const after = easyPayOutlook(cal, ['2026-11-28', '2026-12-28'], '2026-12-01');
    expect(after.next?.dueDate).toBe('2026-12-28');
    expect(easyPayOutlook(cal, ['2026-11-28'], '2026-12-01').next).toBeNull();
  });

  it('honours an admin closure', () => {
    const closed = new BusinessCalendar([{ date: '2026-11-24', name: 'Storm closure' }]);
    expect(easyPayOutlook(closed, ['2026-11-28'], '2026-11-23').next?.cancelBy).toBe('2026-11-23');
  });
});

describe('planQueueSearch (the message queue search box)', () => {
  it.each([
    ['', null],
    ['   ', null],
    ['514 555-4676', { kind: 'account', accountNumber: '5145554676' }],
    ['#1042', { kind: 'thread', threadId: 1042 }],
    ['1 042', { kind: 'thread', threadId: 1042 }],
    ['trem hél', { kind: 'name', words: ['trem', 'hél'] }],
    ['"quote', { kind: 'name', words: ['quote'] }],
    ['!!', { kind: 'name', words: [] }],
  ] as const)('%j → %j', (typed, plan) => {
    expect(planQueueSearch(typed)).toEqual(plan);
  });
});
