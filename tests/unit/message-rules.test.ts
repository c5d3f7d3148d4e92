import { describe, expect, it } from 'vitest';
import demoLender from '../../resources/config/demo-lender.json' with { type: 'json' };
import type { BusinessHours, WeekHours } from '../../server/domain/business-hours.ts';
import { BusinessCalendar } from '../../server/domain/calendar.ts';
import {
  cannedRepliesFor,
  CANNED_REPLIES,
  fillPlaceholders,
} from '../../server/domain/canned-replies.ts';
import { DomainError } from '../../server/domain/errors.ts';
import {
  NO_SLA,
  onInbound,
  onResponse,
  pause,
  resume,
  slaStatus,
  slaStatusesAt,
  type SlaClock,
} from '../../server/domain/message-sla.ts';
import {
  nextState,
  type ThreadEvent,
  type ThreadState,
} from '../../server/domain/message-state.ts';
import { sanitizeFilename } from '../../server/messages/attachments.ts';
import { responseNotice } from '../../server/messages/notice.ts';
import { retryDelayMs } from '../../server/messages/mailer.ts';

const bh: BusinessHours = {
  hours: demoLender.hours as WeekHours,
  timeZone: 'America/New_York',
  calendar: new BusinessCalendar(),
};
const targets = { firstResponseHours: 8, nextResponseHours: 4 };
const at = (iso: string) => new Date(iso);

describe('message state machine', () => {
  const allowed: Array<[ThreadState, ThreadEvent, ThreadState]> = [
    ['new', { type: 'claim' }, 'open'],
    ['new', { type: 'assign' }, 'open'],
    ['open', { type: 'release' }, 'new'],
    ['open', { type: 'reply', then: 'wait' }, 'waiting_on_customer'],
    ['open', { type: 'reply', then: 'resolve' }, 'resolved'],
    ['new', { type: 'reply', then: 'open' }, 'open'],
    ['waiting_on_customer', { type: 'inbound', assigned: true }, 'open'],
    ['waiting_on_customer', { type: 'inbound', assigned: false }, 'new'],
    ['resolved', { type: 'inbound', assigned: true }, 'open'],
    ['closed', { type: 'inbound', assigned: false }, 'new'],
    ['open', { type: 'wait' }, 'waiting_on_customer'],
    ['waiting_on_customer', { type: 'resolve' }, 'resolved'],
    ['waiting_on_customer', { type: 'auto_close' }, 'closed'],
    ['resolved', { type: 'auto_close' }, 'closed'],
    ['resolved', { type: 'reopen' }, 'open'],
    ['closed', { type: 'reopen' }, 'open'],
    ['open', { type: 'note' }, 'open'],
    ['closed', { type: 'note' }, 'closed'],
  ];
  it.each(allowed)('%s + %o → %s', (from, event, to) => {
    expect(nextState(from, event)).toBe(to);
  });

  const refused: Array<[ThreadState, ThreadEvent]> = [
    ['closed', { type: 'claim' }],
    ['closed', { type: 'reply', then: 'wait' }],
    ['open', { type: 'auto_close' }],
    ['new', { type: 'auto_close' }],
    ['resolved', { type: 'wait' }],
    ['closed', { type: 'close' }],
    ['open', { type: 'reopen' }],
  ];
  it.each(refused)('%s + %o is refused with CONFLICT', (from, event) => {
    expect(() => nextState(from, event)).toThrow(DomainError);
    try {
      nextState(from, event);
    } catch (e) {
      expect((e as DomainError).code).toBe('CONFLICT');
    }
  });
});

describe('SLA clock', () => {
  it('starts a first-response clock in business hours, stops on a response, then next-response', () => {
    const first = onInbound(NO_SLA, at('2026-11-20T20:00:00Z'), false, targets, bh); // Fri 15:00 ET
    expect(first.kind).toBe('first');
    expect(first.dueAt).toBe('2026-11-23T19:00:00.000Z'); // 3 h Fri + 5 h Mon → Mon 14:00 ET
    expect(onResponse()).toEqual(NO_SLA);
    const next = onInbound(NO_SLA, at('2026-11-23T15:00:00Z'), true, targets, bh);
    expect(next.kind).toBe('next');
    expect(next.dueAt).toBe('2026-11-23T19:00:00.000Z');
  });

  it('a second customer message does not move a running deadline', () => {
    const first = onInbound(NO_SLA, at('2026-11-20T15:00:00Z'), false, targets, bh);
    expect(onInbound(first, at('2026-11-20T17:00:00Z'), false, targets, bh)).toEqual(first);
  });

  it('pauses while waiting on the customer and resumes with the minutes left', () => {
    const running = onInbound(NO_SLA, at('2026-11-20T15:00:00Z'), false, targets, bh); // Fri 10:00 ET
    const paused = pause(running, at('2026-11-20T17:00:00Z'), bh); // 2 h used
    expect(paused).toMatchObject({
      kind: 'first',
      consumedMinutes: 120,
      runningSince: null,
      dueAt: null,
    });
    expect(slaStatus(paused, at('2026-11-30T17:00:00Z'), targets, bh)).toMatchObject({
      state: 'paused',
      remainingMinutes: 360,
    });
    const resumed = onInbound(paused, at('2026-11-23T14:00:00Z'), false, targets, bh); // Mon 09:00 ET
    expect(resumed.dueAt).toBe('2026-11-23T20:00:00.000Z'); // 6 h left → Mon 15:00 ET
    expect(resume(paused, at('2026-11-23T14:00:00Z'), targets, bh)).toEqual(resumed);
  });

  it('is ok, then at risk (a quarter left), then breached — in business minutes', () => {
    const clock = onInbound(NO_SLA, at('2026-11-20T14:00:00Z'), false, targets, bh); // due Fri 17:00 ET = 22:00Z
    expect(slaStatus(clock, at('2026-11-20T15:00:00Z'), targets, bh)).toMatchObject({
      state: 'ok',
      remainingMinutes: 420,
    });
    expect(slaStatus(clock, at('2026-11-20T20:30:00Z'), targets, bh)).toMatchObject({
      state: 'at_risk',
      remainingMinutes: 90,
    });
    // Breached Friday 17:00; by Monday 10:00 ET it is 1 h Fri + 1 h Mon overdue.
    expect(slaStatus(clock, at('2026-11-23T15:00:00Z'), targets, bh)).toMatchObject({
      state: 'breached',
      remainingMinutes: -120,
    });
    expect(slaStatus(NO_SLA, at('2026-11-23T15:00:00Z'), targets, bh).state).toBe('none');
  });

  it('a queue page computes each row as slaStatus does, the hours summed once for the page', () => {
    const clocks: SlaClock[] = [NO_SLA];
    for (let h = 0; h < 24 * 40; h += 7) {
      const running = onInbound(
        NO_SLA,
        new Date(Date.parse('2026-10-20T00:00:00Z') + h * 3600_000),
        h % 2 === 0,
        targets,
        bh,
      );
      clocks.push(
        running,
        pause(running, new Date(Date.parse(running.runningSince!) + 3600_000), bh),
      );
    }
    for (const now of ['2026-11-23T15:00:00Z', '2026-11-01T06:30:00Z', '2026-11-26T12:00:00Z']) {
      const statusAt = slaStatusesAt(at(now), bh);
      for (const clock of clocks) {
        expect(statusAt(clock, targets)).toStrictEqual(slaStatus(clock, at(now), targets, bh));
      }
    }
  });
});

describe('canned replies', () => {
  it('fill every placeholder, and leave missing ones visible', () => {
    const { text, missing } = fillPlaceholders(
      'Hi {customerName}, {accountNumber}: {amountDue} {unknown}',
      {
        customerName: 'Hélène Tremblay',
        accountNumber: '1234567890',
        amountDue: null,
      },
    );
    expect(text).toBe('Hi Hélène Tremblay, 1234567890: {amountDue} {unknown}');
    expect(missing).toEqual(['amountDue', 'unknown']);
  });

  it('exist in English and French with the same placeholders', () => {
    for (const r of CANNED_REPLIES) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(r.body.fr)).toEqual(names(r.body.en));
    }
  });

  it('list the ones made for a topic first', () => {
    expect(cannedRepliesFor('payoff-lease-end')[0]?.topics).toContain('payoff-lease-end');
  });
});

describe('attachments, notices and retries', () => {
  it.each([
    ['../../etc/pass<wd>.pdf', 'pass_wd_.pdf'],
    ['C:\\Users\\me\\scan.PNG', 'scan.PNG'],
    ['..hidden.pdf', 'hidden.pdf'],
    ['a\u0000b\u202e.pdf', 'ab.pdf'],
    ['', 'attachment'],
    [`${'x'.repeat(300)}.jpeg`, `${'x'.repeat(95)}.jpeg`],
  ])('sanitizes %j → %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it('the e-mail notice says a message is waiting and nothing else', () => {
    const en = responseNotice({
      firstName: 'Ann',
      language: 'en',
      lenderName: 'MINI Financial Services',
    });
    expect(en.subject).toMatch(/new secure message/);
    expect(en.text).toMatch(/does not contain the message/);
    expect(responseNotice({ firstName: 'Éric', language: 'fr', lenderName: 'X' }).subject).toMatch(
      /message sécurisé/,
    );
  });

  it('backs off exponentially, capped at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});
