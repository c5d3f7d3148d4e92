import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../server/domain/calendar.ts';
import {
  assertNoOpenCall,
  assertVerifiedFor,
  callTimes,
  checkWrapUp,
  type CallFacts,
} from '../../server/domain/call-rules.ts';
import { contactStats, type ClosedCall } from '../../server/domain/contact-stats.ts';
import { easyPayCancellation } from '../../server/domain/easypay-cancellation.ts';
import { easyPayOutlook } from '../../server/domain/easypay.ts';
import { linkCodeExpiry, maskEmail, portalLock } from '../../server/domain/portal-access.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

const cal = new BusinessCalendar([]);
const DUE = ['2026-10-28', '2026-11-28', '2026-12-28', '2027-01-28'];

describe('EasyPay cancellation (seed 002)', () => {
  it.each([
    // today, first debit stopped, debit still taken
    ['2026-11-20', '2026-11-30', null],
    ['2026-11-24', '2026-11-30', null], // the last allowed day (Thanksgiving skipped)
    ['2026-11-25', '2026-12-28', '2026-11-30'], // the day after
    ['2026-11-30', '2026-12-28', '2026-11-30'], // on the debit day itself
    ['2026-12-01', '2026-12-28', null],
  ])('cancelled on %s stops the debit of %s (still taken: %s)', (today, stops, goesAhead) => {
    const c = easyPayCancellation(easyPayOutlook(cal, DUE, today), today);
    expect(c.stops?.debitDate).toBe(stops);
    expect(c.goesAhead?.debitDate ?? null).toBe(goesAhead);
  });

  it('says when nothing is left to stop', () => {
    const c = easyPayCancellation(easyPayOutlook(cal, ['2026-10-28'], '2026-11-20'), '2026-11-20');
    expect(c.stops).toBeNull();
    expect(englishOf(c.summary)).toBe('No scheduled debit is left to stop.');
  });
});

describe('call rules', () => {
  const call: CallFacts = {
    id: 1,
    status: 'active',
    agentId: 7,
    customerId: 3,
    verificationResult: 'passed',
    verifiedCustomerId: 3,
  };

  it('gates on a passed verification of one of the people the action is for', () => {
    expect(() => assertVerifiedFor(call, [3], 'easypay-change')).not.toThrow();
    expect(() => assertVerifiedFor(call, [4], 'easypay-change')).toThrow(/Verify the caller/);
    for (const r of ['not_attempted', 'failed', 'locked'] as const)
      expect(() =>
        assertVerifiedFor({ ...call, verificationResult: r }, [3], 'balance-disclosure'),
      ).toThrow();
  });

  it('one open call at a time', () => {
    expect(() => assertNoOpenCall(null)).not.toThrow();
    expect(() => assertNoOpenCall({ id: 9, status: 'wrap_up' })).toThrow(
      'Wrap up call #9 before the next call.',
    );
  });

  it('wrap-up needs a reason, and a date for a follow-up, not in the past', () => {
    const codes = new Set(['payoff', 'other']);
    const ok = { reasons: ['payoff'], outcome: 'resolved' as const, followUpOn: null, notes: null };
    expect(() => checkWrapUp(ok, codes, '2026-11-23')).not.toThrow();
    expect(() => checkWrapUp({ ...ok, reasons: [] }, codes, '2026-11-23')).toThrow();
    expect(() => checkWrapUp({ ...ok, reasons: ['retired'] }, codes, '2026-11-23')).toThrow();
    expect(() => checkWrapUp({ ...ok, outcome: 'callback' }, codes, '2026-11-23')).toThrow();
    expect(() =>
      checkWrapUp({ ...ok, outcome: 'follow_up', followUpOn: '2026-11-22' }, codes, '2026-11-23'),
    ).toThrow();
  });

  it('handle = talk + wrap-up', () => {
    expect(
      callTimes('2026-11-23T14:00:00Z', '2026-11-23T14:05:00Z', '2026-11-23T14:06:30Z'),
    ).toEqual({
      talkSeconds: 300,
      wrapSeconds: 90,
      handleSeconds: 390,
    });
  });
});

describe('contact statistics', () => {
  const base: ClosedCall = {
    id: 1,
    customerId: 5,
    customerName: 'A B',
    agentId: 1,
    agentName: 'Alex',
    startedAt: '2026-11-23T14:10:00.000Z',
    handleSeconds: 300,
    wrapSeconds: 60,
    reasons: ['easypay'],
  };
  it('repeat callers are those who called again within 7 days', () => {
    const s = contactStats(
      [
        base,
        { ...base, id: 2, startedAt: '2026-11-29T14:10:00.000Z' }, // 6 days later
        { ...base, id: 3, customerId: 6, startedAt: '2026-11-16T14:10:00.000Z' },
        { ...base, id: 4, customerId: 6, startedAt: '2026-11-24T14:10:01.000Z' }, // 8 days later
      ],
      'America/New_York',
    );
    expect(s.repeatCallers.map((r) => [r.customerId, r.calls, r.shortestGapDays])).toEqual([
      [5, 2, 6],
    ]);
    expect(s.byHour).toEqual([{ hour: 9, calls: 4, byReason: { easypay: 4 } }]);
  });
});

describe('portal access (seeds 000, 001)', () => {
  it('a lock expires by itself after its 30 minutes', () => {
    const state = { failedSignIns: 5, lockedUntil: '2026-11-23T15:30:00.000Z' };
    expect(portalLock(state, new Date('2026-11-23T15:29:59Z')).locked).toBe(true);
    expect(portalLock(state, new Date('2026-11-23T15:30:00Z'))).toEqual({
      locked: false,
      lockedUntil: null,
    });
  });
  it('link codes live 15 minutes; e-mails are masked in notices', () => {
    expect(linkCodeExpiry(new Date('2026-11-23T15:00:00Z'))).toBe('2026-11-23T15:15:00.000Z');
    expect(maskEmail('helene.tremblay@example.com')).toBe('h***@example.com');
  });
});
