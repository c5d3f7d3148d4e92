import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../server/domain/calendar.ts';
import { clockStateOn, computeDeadlinesOn } from '../../server/domain/dispute-clock-state.ts';
import {
  earliestReversalDate,
  scheduleClocks,
  type ClockState,
  type DisputeFacts,
} from '../../server/domain/dispute-deadlines.ts';
import { DISPUTE_POLICY_V1, parseDisputePolicy } from '../../server/domain/dispute-policy.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

/*
 * Every expected date in this file was counted BY HAND on printed month grids, from the rules of
 * SPEC section 4 and the Federal Reserve holiday schedule (Sunday holidays observed Monday,
 * Saturday holidays not moved), never copied from the code's output. Day 0 is the trigger day.
 * The comment beside a row is the hand count: "(n)" marks the n-th business day, "[x]" a skipped
 * holiday; weekends are skipped silently.
 *
 * Federal Reserve holidays used (weekday closures):
 * 2026: Jan 1, Jan 19, Feb 16, May 25, Jun 19, (Jul 4 is Sat: none), Sep 7, Oct 12, Nov 11, Nov 26, Dec 25
 * 2027: Jan 1, Jan 18, Feb 15, May 31, (Jun 19 Sat: none), Jul 5 (Jul 4 Sun), Sep 6, Oct 11, Nov 11, Nov 25, (Dec 25 Sat: none)
 * 2028: (Jan 1 Sat: none), Jan 17, Feb 21, May 29, Jun 19, Jul 4, Sep 4, Oct 9, (Nov 11 Sat: none), Nov 23, Dec 25
 * 2029: Jan 1, Jan 15, Feb 19, May 28, Jun 19, Jul 4, Sep 3, Oct 8, Nov 12 (Nov 11 Sun), Nov 22, Dec 25
 * 2030: Jan 1, Jan 21, Feb 18, May 27, Jun 19, Jul 4, Sep 2, Oct 14, Nov 11, Nov 28, Dec 25
 */

const policy = DISPUTE_POLICY_V1;
const cal = new BusinessCalendar();

function facts(overrides: Partial<DisputeFacts> = {}): DisputeFacts {
  return {
    noticeOn: '2026-11-20',
    channel: 'phone',
    statementOn: null,
    transactionDates: ['2026-11-02'],
    residenceRegion: 'OH',
    newAccount: false,
    pointOfSale: false,
    foreignInitiated: false,
    writtenConfirmationRequired: true,
    ...overrides,
  };
}

function clock(f: DisputeFacts, id: string, calendar = cal) {
  const c = scheduleClocks(policy, f, calendar).find((s) => s.id === id);
  if (!c) throw new Error(`no clock ${id}`);
  return c;
}

describe('policy data', () => {
  it('the seeded defaults parse and carry a citation on every clock', () => {
    const p = parseDisputePolicy(JSON.parse(JSON.stringify(DISPUTE_POLICY_V1)));
    expect(p.clocks.map((c) => c.id)).toEqual([
      'notice_timely',
      'written_confirmation',
      'determination_or_credit',
      'provisional_credit_notice',
      'investigation',
      'results',
      'correction',
      'reversal_notice',
    ]);
    for (const c of p.clocks) expect(c.citation).not.toBe('');
    expect(p.clocks.find((c) => c.id === 'written_confirmation')?.overrides[0]?.citation).toBe(
      'Lender policy (MA)',
    );
    expect(p.clocks.find((c) => c.id === 'determination_or_credit')?.citation).toBe(
      '12 CFR 1005.11(c)(1)',
    );
  });
});

describe('determination or provisional credit: 10 business days (20 for a new account)', () => {
  it.each([
    // notice, new account, legal due
    ['2026-11-20', false, '2026-12-07'], // Fri: M23(1) T24(2) W25(3) [Th26 Thanksgiving] F27(4) M30(5) T1(6) W2(7) Th3(8) F4(9) M7(10)
    ['2026-11-21', false, '2026-12-07'], // Sat notice: day 1 is Mon 23, then as above
    ['2026-01-12', false, '2026-01-27'], // T13(1) W14(2) Th15(3) F16(4) [M19 MLK] T20(5) W21(6) Th22(7) F23(8) M26(9) T27(10)
    ['2026-05-18', false, '2026-06-02'], // T19(1)..F22(4) [M25 Memorial] T26(5) W27(6) Th28(7) F29(8) M1(9) T2(10)
    ['2026-06-10', false, '2026-06-25'], // Th11(1) F12(2) M15(3)..Th18(6) [F19 Juneteenth] M22(7) T23(8) W24(9) Th25(10)
    ['2026-06-30', false, '2026-07-14'], // Jul 4 2026 is Sat, NOT moved: F Jul 3 is business day (3); M6(4)..T14(10)
    ['2026-09-01', false, '2026-09-16'], // W2(1) Th3(2) F4(3) [M7 Labor] T8(4)..F11(7) M14(8) T15(9) W16(10)
    ['2026-10-05', false, '2026-10-20'], // T6(1)..F9(4) [M12 Columbus] T13(5)..F16(8) M19(9) T20(10)
    ['2026-11-09', false, '2026-11-24'], // T10(1) [W11 Veterans] Th12(2) F13(3) M16(4)..F20(8) M23(9) T24(10)
    ['2026-12-21', false, '2027-01-06'], // T22(1) W23(2) Th24(3) [F25 Christmas] M28(4) T29(5) W30(6) Th31(7) [F1 New Year] M4(8) T5(9) W6(10)
    ['2026-12-30', false, '2027-01-14'], // Th31(1) [F1] M4(2)..F8(6) M11(7) T12(8) W13(9) Th14(10)
    ['2027-05-24', false, '2027-06-08'], // T25(1)..F28(4) [M31 Memorial] T1(5)..F4(8) M7(9) T8(10)
    ['2027-06-11', false, '2027-06-25'], // Juneteenth 2027 is Sat, not moved: F18 is day 5; no skip; F25(10)
    ['2027-06-30', false, '2027-07-15'], // Th1(1) F2(2) [M5 Jul 4 Sun observed] T6(3)..F9(6) M12(7)..Th15(10)
    ['2027-12-20', false, '2028-01-03'], // Dec 25 2027 & Jan 1 2028 are Sat, not moved: F24(4) F31(9) open; M Jan3(10)
    ['2028-02-15', false, '2028-03-01'], // W16(1) Th17(2) F18(3) [M21 Washington] T22(4)..F25(7) M28(8) T29(9 leap day) W Mar1(10)
    ['2028-06-16', false, '2028-07-03'], // [M19 Juneteenth] T20(1)..F23(4) M26(5)..F30(9) M Jul3(10)
    ['2028-11-08', false, '2028-11-22'], // Nov 11 2028 Sat, not moved: F10(2) open; Th9(1) F10(2) M13(3)..F17(7) M20(8) T21(9) W22(10)
    ['2029-11-09', false, '2029-11-27'], // [M12 Veterans, Sun 11 observed] T13(1)..F16(4) M19(5) T20(6) W21(7) [Th22 Thanksgiving] F23(8) M26(9) T27(10)
    ['2029-12-20', false, '2030-01-07'], // F21(1) M24(2) [T25] W26(3) Th27(4) F28(5) M31(6) [T1] W2(7) Th3(8) F4(9) M7(10)
    ['2030-01-14', false, '2030-01-29'], // T15(1)..F18(4) [M21 MLK] T22(5)..F25(8) M28(9) T29(10)
    ['2030-06-17', false, '2030-07-02'], // T18(1) [W19 Juneteenth] Th20(2) F21(3) M24(4)..F28(8) M1(9) T2(10)
    // New accounts: 20 business days.
    ['2026-11-20', true, '2026-12-21'], // ... M7(10) T8(11)..F11(14) M14(15)..F18(19) M21(20)
    ['2028-06-16', true, '2028-07-18'], // ... M Jul3(10) [T4 Independence] W5(11) Th6(12) F7(13) M10(14)..F14(18) M17(19) T18(20)
    ['2030-06-17', true, '2030-07-17'], // ... T2(10) W3(11) [Th4] F5(12) M8(13)..F12(17) M15(18) T16(19) W17(20)
  ])('notice %s (new account: %s) → due %s', (noticeOn, newAccount, due) => {
    const c = clock(facts({ noticeOn, newAccount }), 'determination_or_credit');
    expect(c.legalDue).toBe(due);
    expect(c.target).toBe(due); // business-day deadlines always land on a business day
    expect(c.length).toBe(newAccount ? 20 : 10);
  });

  it('an admin closure is skipped too', () => {
    const withClosure = new BusinessCalendar([
      { date: '2026-12-24', name: 'Christmas Eve closure' },
    ]);
    // T22(1) W23(2) [Th24 closure] [F25] M28(3) T29(4) W30(5) Th31(6) [F1] M4(7) T5(8) W6(9) Th7(10)
    expect(
      clock(facts({ noticeOn: '2026-12-21' }), 'determination_or_credit', withClosure).legalDue,
    ).toBe('2027-01-07');
  });

  it('explains the date with what it skipped', () => {
    expect(englishOf(clock(facts(), 'determination_or_credit').explanation)).toBe(
      '10 business days from Fri 2026-11-20; skipped Thu 2026-11-26 Thanksgiving Day and 3 weekends',
    );
    expect(
      englishOf(clock(facts({ newAccount: true }), 'determination_or_credit').explanation),
    ).toContain('[New account: 20 business days]');
  });
});

describe('written confirmation: 10 business days after an oral notice; Massachusetts 10 calendar days', () => {
  it.each([
    // notice, channel, region, expected legal due (null = does not apply)
    ['2026-11-20', 'phone', 'OH', '2026-12-07'], // business: as the determination clock above
    ['2026-11-20', 'phone', 'MA', '2026-11-30'], // calendar: Nov 20 + 10 = Mon Nov 30 (Thanksgiving does not matter)
    ['2026-11-20', 'phone', 'ma', '2026-11-30'], // region code is case-insensitive
    ['2026-11-18', 'phone', 'MA', '2026-11-28'], // Wed + 10 = Sat Nov 28: a customer's window stays on its legal date
    ['2027-12-16', 'phone', 'MA', '2027-12-26'], // Thu + 10 = Sun Dec 26
    ['2026-12-21', 'phone', 'MA', '2026-12-31'], // Mon + 10 = Thu Dec 31
    ['2026-12-21', 'phone', 'NH', '2027-01-06'], // business, over Christmas and New Year (see above)
    ['2029-11-09', 'phone', 'MA', '2029-11-19'], // Fri + 10 = Mon Nov 19 (Veterans observed Nov 12 irrelevant)
    ['2026-11-20', 'mail', 'OH', null], // a written notice needs no written confirmation
    ['2026-11-20', 'secure_message', 'MA', null],
  ] as const)('notice %s by %s, resident of %s → %s', (noticeOn, channel, region, due) => {
    const c = clock(facts({ noticeOn, channel, residenceRegion: region }), 'written_confirmation');
    expect(c.legalDue).toBe(due);
    expect(c.applicable).toBe(due !== null);
    if (due) expect(c.target).toBe(due);
    if (region.toUpperCase() === 'MA' && due) {
      expect(c.unit).toBe('calendar');
      expect(c.citation).toBe('Lender policy (MA)');
    }
  });

  it('does not apply when the agent did not ask for written confirmation', () => {
    expect(
      clock(facts({ writtenConfirmationRequired: false }), 'written_confirmation').applicable,
    ).toBe(false);
  });

  it('is met when received by the legal date (a Saturday date still counts for the customer)', () => {
    const s = clock(
      facts({
        noticeOn: '2026-11-18',
        residenceRegion: 'MA',
        writtenConfirmationReceivedOn: '2026-11-28',
      }),
      'written_confirmation',
    );
    expect(clockStateOn(s, '2026-12-15', cal).state).toBe('met');
    const late = clock(
      facts({
        noticeOn: '2026-11-18',
        residenceRegion: 'MA',
        writtenConfirmationReceivedOn: '2026-11-30',
      }),
      'written_confirmation',
    );
    expect(clockStateOn(late, '2026-12-15', cal).state).toBe('breached');
  });
});

describe('investigation: 45 calendar days (90 for new account / point of sale / foreign), internal target', () => {
  it.each([
    // notice, flags, legal due, internal target
    ['2026-11-20', {}, '2027-01-04', '2027-01-04'], // Nov 20 +10 = Nov 30, +31 = Dec 31 (41), +4 = Mon Jan 4 (45): business day
    ['2026-11-19', {}, '2027-01-03', '2026-12-31'], // = Sun Jan 3; Sat 2, [Fri 1 New Year] → Thu Dec 31
    ['2026-11-18', {}, '2027-01-02', '2026-12-31'], // = Sat Jan 2 → Thu Dec 31
    ['2026-11-17', {}, '2027-01-01', '2026-12-31'], // = Fri Jan 1, New Year's Day → Thu Dec 31
    ['2026-10-12', {}, '2026-11-26', '2026-11-25'], // notice on Columbus Day; Oct 12 +19 = Oct 31, +26 = Thu Nov 26 Thanksgiving → Wed 25
    ['2026-05-20', {}, '2026-07-04', '2026-07-03'], // May 20 +11 = May 31, +30 = Jun 30 (41), +4 = Sat Jul 4 → Fri Jul 3 (open: Sat holiday not moved)
    ['2027-05-20', {}, '2027-07-04', '2027-07-02'], // = Sun Jul 4; [Mon 5 observed is after]; Sat 3 → Fri Jul 2
    ['2027-05-21', {}, '2027-07-05', '2027-07-02'], // = Mon Jul 5 (observed holiday) → Sun, Sat → Fri Jul 2
    ['2030-05-05', {}, '2030-06-19', '2030-06-18'], // Sunday notice; May 5 +26 = May 31, +19 = Wed Jun 19 Juneteenth → Tue 18
    ['2026-11-20', { newAccount: true }, '2027-02-18', '2027-02-18'], // +41 = Dec 31, +31 = Jan 31 (72), +18 = Thu Feb 18 (90)
    ['2028-08-25', { pointOfSale: true }, '2028-11-23', '2028-11-22'], // Aug 25 +6 = Aug 31, +30 = Sep 30 (36), +31 = Oct 31 (67), +23 = Thu Nov 23 Thanksgiving → Wed 22
    ['2029-09-26', { foreignInitiated: true }, '2029-12-25', '2029-12-24'], // Sep 26 +4 = Sep 30, +31 (35), +30 (65), +25 = Tue Dec 25 → Mon 24
  ] as const)('notice %s %j → legal %s, target %s', (noticeOn, flags, legal, target) => {
    const c = clock(facts({ noticeOn, ...flags }), 'investigation');
    expect(c.legalDue).toBe(legal);
    expect(c.target).toBe(target);
  });

  it('explains an internal target', () => {
    expect(englishOf(clock(facts({ noticeOn: '2026-11-18' }), 'investigation').explanation)).toBe(
      "45 calendar days from Wed 2026-11-18 = Sat 2027-01-02 (Saturday); internal target Thu 2026-12-31, the business day before; skipped Fri 2027-01-01 New Year's Day and one weekend",
    );
  });
});

describe('short clocks after an event', () => {
  it.each([
    // clock, facts, legal due
    ['results', { determination: 'no_error', determinationOn: '2026-11-24' }, '2026-11-30'], // W25(1) [Th26] F27(2) M30(3)
    ['results', { determination: 'no_error', determinationOn: '2027-12-29' }, '2028-01-03'], // Th30(1) F31(2; Jan 1 2028 Sat not moved) M3(3)
    ['results', { determination: 'error_found', determinationOn: '2029-12-21' }, '2029-12-27'], // M24(1) [T25] W26(2) Th27(3)
    [
      'results',
      {
        determination: 'no_error',
        determinationOn: '2026-12-10',
        investigationCompletedOn: '2026-12-09',
      },
      '2026-12-14',
    ], // from the investigation end: Th10(1) F11(2) M14(3)
    ['provisional_credit_notice', { provisionalCreditOn: '2026-11-25' }, '2026-11-30'], // [Th26] F27(1) M30(2)
    ['provisional_credit_notice', { provisionalCreditOn: '2027-11-10' }, '2027-11-15'], // [Th11 Veterans] F12(1) M15(2)
    ['correction', { determination: 'error_found', determinationOn: '2026-11-25' }, '2026-11-27'], // [Th26] F27(1)
    [
      'correction',
      { determination: 'different_error', determinationOn: '2029-11-09' },
      '2029-11-13',
    ], // [M12 observed] T13(1)
    ['correction', { determination: 'error_found', determinationOn: '2030-07-03' }, '2030-07-05'], // [Th4] F5(1)
    ['correction', { determination: 'error_found', determinationOn: '2027-12-31' }, '2028-01-03'], // Fri; Sat Jan 1 not observed; M3(1)
  ] as const)('%s with %j → %s', (id, f, due) => {
    expect(clock(facts(f as Partial<DisputeFacts>), id).legalDue).toBe(due);
  });

  it.each([
    // reversal notice sent, earliest reversal date
    ['2026-11-23', '2026-12-01'], // T24(1) W25(2) [Th26] F27(3) M30(4) T1(5)
    ['2026-12-18', '2026-12-28'], // M21(1) T22(2) W23(3) Th24(4) [F25] M28(5)
    ['2028-06-30', '2028-07-10'], // M3(1) [T4] W5(2) Th6(3) F7(4) M10(5)
    ['2030-11-08', '2030-11-18'], // [M11 Veterans] T12(1) W13(2) Th14(3) F15(4) M18(5)
  ])('reversal notice %s → not before %s', (sent, earliest) => {
    expect(earliestReversalDate(policy, cal, sent).date).toBe(earliest);
    const f = facts({
      provisionalCreditOn: '2026-11-01',
      determination: 'no_error',
      determinationOn: sent,
      reversalNoticeSentOn: sent,
    });
    expect(clock(f, 'reversal_notice').legalDue).toBe(earliest);
  });
});

describe('notice timely: 60 calendar days from the statement or transaction date', () => {
  it.each([
    // transactions, statement, notice, legal end of window, late?
    [['2026-09-21'], null, '2026-11-20', '2026-11-20', false], // Sep 21 +9 = Sep 30, +31 = Oct 31 (40), +20 = Nov 20 (60): day 60 is on time
    [['2026-09-21'], null, '2026-11-23', '2026-11-20', true], // 3 days late: flagged
    [['2026-10-15', '2026-09-21'], null, '2026-11-21', '2026-11-20', true], // the earliest transaction starts the window
    [['2026-09-05'], '2026-10-01', '2026-11-30', '2026-11-30', false], // the statement date wins: Oct 1 +30 = Oct 31, +30 = Nov 30
    [['2027-11-15'], null, '2028-01-14', '2028-01-14', false], // Nov 15 +15 = Nov 30, +31 = Dec 31 (46), +14 = Jan 14 (60)
    [['2028-01-01'], null, '2028-03-01', '2028-03-01', false], // leap year: +30 = Jan 31, +29 = Feb 29 (59), Mar 1 (60)
    [['2027-01-01'], null, '2027-03-03', '2027-03-02', true], // +30 = Jan 31, +28 = Feb 28 (58), Mar 2 (60)
  ] as const)(
    'transactions %j, statement %s, notice %s → window ends %s, late %s',
    (tx, statementOn, noticeOn, end, late) => {
      const report = computeDeadlinesOn(
        policy,
        facts({ transactionDates: tx, statementOn, noticeOn }),
        cal,
        noticeOn,
      );
      const notice = report.clocks.find((c) => c.id === 'notice_timely');
      expect(notice?.legalDue).toBe(end);
      expect(report.lateNotice).toBe(late);
      expect(notice?.state).toBe(late ? 'breached' : 'met');
      if (late)
        expect(englishOf(report.lateNoticeExplanation ?? '')).toContain('Flagged, not rejected');
      // Late or not, the case's own clocks run as usual.
      expect(report.clocks.find((c) => c.id === 'determination_or_credit')?.state).toBe('running');
    },
  );
});

describe('clock state on a day', () => {
  const schedule = clock(facts(), 'determination_or_credit'); // due Mon 2026-12-07, at risk from Thu 12-03
  it.each([
    ['2026-11-20', 'running', 10], // day 0
    ['2026-12-02', 'running', 3], // Th3 F4 M7 left
    ['2026-12-03', 'at_risk', 2], // 2 business days left: at risk (policy atRiskBusinessDays = 2)
    ['2026-12-05', 'at_risk', 1], // Saturday: only Mon 7 left
    ['2026-12-07', 'at_risk', 0], // the due day itself
    ['2026-12-08', 'breached', null],
  ] as const)('on %s: %s (%s business days left)', (today, state, left) => {
    const s = clockStateOn(schedule, today, cal);
    expect(s.state).toBe(state);
    expect(s.businessDaysLeft).toBe(left);
  });

  it('at risk counts business days across Thanksgiving', () => {
    // Notice Fri Nov 13: M16(1)..F20(5) M23(6) T24(7) W25(8) [Th26] F27(9) M30(10) → due Mon Nov 30.
    // Two business days before Nov 30: F27 (1), W25 (2) → at risk from Wed Nov 25.
    const s = clock(facts({ noticeOn: '2026-11-13' }), 'determination_or_credit');
    expect(s.legalDue).toBe('2026-11-30');
    expect(s.atRiskFrom).toBe('2026-11-25');
    const states: Array<[string, ClockState]> = [
      ['2026-11-24', 'running'],
      ['2026-11-25', 'at_risk'],
      ['2026-11-26', 'at_risk'],
      ['2026-11-30', 'at_risk'],
      ['2026-12-01', 'breached'],
    ];
    for (const [today, state] of states)
      expect([today, clockStateOn(s, today, cal).state]).toEqual([today, state]);
  });

  it('a calendar deadline is at risk to its internal target and breached only after its legal date', () => {
    // Legal Sun 2027-01-03, target Thu 2026-12-31; two business days before Dec 31: W30 (1), T29 (2).
    const s = clock(facts({ noticeOn: '2026-11-19' }), 'investigation');
    expect(s.atRiskFrom).toBe('2026-12-29');
    expect(clockStateOn(s, '2026-12-28', cal).state).toBe('running');
    expect(clockStateOn(s, '2026-12-29', cal).state).toBe('at_risk');
    expect(clockStateOn(s, '2027-01-02', cal).state).toBe('at_risk'); // past target, not past the legal date
    expect(clockStateOn(s, '2027-01-03', cal).state).toBe('at_risk');
    expect(clockStateOn(s, '2027-01-04', cal).state).toBe('breached');
  });

  it('met or breached by when the step happened, whatever the day is', () => {
    expect(
      clockStateOn(
        clock(facts({ provisionalCreditOn: '2026-12-07' }), 'determination_or_credit'),
        '2027-03-01',
        cal,
      ).state,
    ).toBe('met');
    expect(
      clockStateOn(
        clock(facts({ provisionalCreditOn: '2026-12-08' }), 'determination_or_credit'),
        '2027-03-01',
        cal,
      ).state,
    ).toBe('breached');
    expect(
      clockStateOn(
        clock(
          facts({ determination: 'no_error', determinationOn: '2026-12-04' }),
          'determination_or_credit',
        ),
        '2027-03-01',
        cal,
      ).state,
    ).toBe('met');
  });

  it('clocks not yet triggered, and clocks that no longer apply', () => {
    const open = computeDeadlinesOn(policy, facts(), cal, '2026-11-20');
    const state = (id: string) => open.clocks.find((c) => c.id === id)?.state;
    expect(state('provisional_credit_notice')).toBe('not_started');
    expect(state('results')).toBe('not_started');
    expect(state('correction')).toBe('not_started');
    expect(state('reversal_notice')).toBe('not_started');
    const noError = computeDeadlinesOn(
      policy,
      facts({ determination: 'no_error', determinationOn: '2026-11-24' }),
      cal,
      '2026-11-24',
    );
    const s2 = (id: string) => noError.clocks.find((c) => c.id === id)?.state;
    expect(s2('correction')).toBe('not_applicable');
    expect(s2('provisional_credit_notice')).toBe('not_applicable'); // decided without a provisional credit
    expect(s2('reversal_notice')).toBe('not_applicable'); // nothing to reverse
    expect(s2('results')).toBe('running'); // due Mon Nov 30
  });

  it('the reversal clock is a waiting period, not a deadline', () => {
    const f = facts({
      provisionalCreditOn: '2026-11-20',
      determination: 'no_error',
      determinationOn: '2026-11-23',
      reversalNoticeSentOn: '2026-11-23',
    });
    const s = clock(f, 'reversal_notice');
    expect(s.kind).toBe('not_before');
    expect(s.atRiskFrom).toBeNull();
    expect(clockStateOn(s, '2026-11-30', cal).state).toBe('running');
    expect(clockStateOn(s, '2026-12-01', cal).state).toBe('met');
    expect(englishOf(s.explanation)).toBe(
      'Not before Tue 2026-12-01: 5 business days from Mon 2026-11-23; skipped Thu 2026-11-26 Thanksgiving Day and one weekend',
    );
  });

  it('freezes at closing', () => {
    // Written confirmation due Mon Dec 7, at risk from Thu Dec 3; case closed Mon Nov 30.
    const report = computeDeadlinesOn(policy, facts({ closedOn: '2026-11-30' }), cal, '2027-02-01');
    expect(report.clocks.find((c) => c.id === 'written_confirmation')?.state).toBe('running');
  });

  it('names the next lender deadline', () => {
    // Open on Fri Nov 20: determination/credit due Dec 7 comes before the investigation (Jan 4).
    expect(computeDeadlinesOn(policy, facts(), cal, '2026-11-20').next).toEqual({
      clockId: 'determination_or_credit',
      target: '2026-12-07',
      legalDue: '2026-12-07',
    });
    // Massachusetts: the customer's window is not a lender deadline, so it is not "next".
    const ma = computeDeadlinesOn(policy, facts({ residenceRegion: 'MA' }), cal, '2026-11-20');
    expect(ma.massachusetts).toBe(true);
    expect(ma.next?.clockId).toBe('determination_or_credit');
  });
});
