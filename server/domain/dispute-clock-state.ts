import type { BusinessCalendar } from './calendar.ts';
import { compareIsoDates, localDateOf, type IsoDate } from './dates.ts';
import {
  isMassachusetts,
  scheduleClocks,
  type ClockSchedule,
  type ClockState,
  type ClockStatus,
  type DeadlineReport,
  type DisputeFacts,
} from './dispute-deadlines.ts';
import type { DisputePolicy } from './dispute-policy.ts';
import { msg } from './shared/server-messages.ts';

/**
 * The state of a case's clocks on a given day, and the deadline report built from it (pure).
 * Scheduling the dates themselves is in dispute-deadlines.ts.
 */

/**
 * A clock's state on `today` (frozen at `closedOn` for a closed case). This is exactly the rule
 * the cockpit's SQL applies to the stored dates (db/repositories/disputes-cockpit.ts).
 */
export function clockStateOn(
  schedule: ClockSchedule,
  today: IsoDate,
  calendar: BusinessCalendar,
  closedOn?: IsoDate | null,
): ClockStatus {
  const asOf = closedOn && compareIsoDates(closedOn, today) < 0 ? closedOn : today;
  const result = (state: ClockState, businessDaysLeft: number | null = null): ClockStatus => ({
    ...schedule,
    state,
    businessDaysLeft,
  });
  if (!schedule.applicable) return result('not_applicable');
  if (!schedule.startOn || !schedule.legalDue || !schedule.target) return result('not_started');
  const done = schedule.completedOn;
  const suspended = (on: IsoDate) =>
    schedule.suspendedFrom !== null && compareIsoDates(on, schedule.suspendedFrom) >= 0;
  if (schedule.kind === 'not_before') {
    if (done) return result(compareIsoDates(done, schedule.legalDue) >= 0 ? 'met' : 'breached');
    return compareIsoDates(asOf, schedule.legalDue) >= 0 ? result('met') : result('running');
  }
  if (done) {
    if (compareIsoDates(done, schedule.legalDue) <= 0) return result('met');
    return result(suspended(done) ? 'suspended' : 'breached');
  }
  if (suspended(asOf)) return result('suspended');
  if (compareIsoDates(asOf, schedule.legalDue) > 0) return result('breached');
  const left = calendar.businessDaysBetween(asOf, schedule.target);
  if (schedule.atRiskFrom && compareIsoDates(asOf, schedule.atRiskFrom) >= 0)
    return result('at_risk', left);
  return result('running', left);
}

export interface ComputeDeadlinesInput {
  policy: DisputePolicy;
  facts: DisputeFacts;
  calendar: BusinessCalendar;
  /** "Now" from the injected clock, and the centre's zone (its local date is "today"). */
  now: Date;
  timeZone: string;
}

/**
 * Every clock of a case, dated, explained and in its state at `now`.
 *
 * @example
 * const report = computeDeadlines({ policy, facts, calendar, now: ctx.now, timeZone: 'America/New_York' });
 * report.clocks.find((c) => c.id === 'determination_or_credit')?.legalDue // '2026-12-07'
 */
export function computeDeadlines(input: ComputeDeadlinesInput): DeadlineReport {
  return computeDeadlinesOn(
    input.policy,
    input.facts,
    input.calendar,
    localDateOf(input.now, input.timeZone),
  );
}

/** As computeDeadlines, for a given centre-local `today`. */
export function computeDeadlinesOn(
  policy: DisputePolicy,
  facts: DisputeFacts,
  calendar: BusinessCalendar,
  today: IsoDate,
): DeadlineReport {
  const clocks = scheduleClocks(policy, facts, calendar).map((s) =>
    clockStateOn(s, today, calendar, facts.closedOn),
  );
  const notice = clocks.find((c) => c.id === 'notice_timely');
  const lateNotice = notice?.state === 'breached';
  const open = clocks
    .filter(
      (c) =>
        c.owner === 'lender' &&
        c.kind === 'deadline' &&
        (c.state === 'running' || c.state === 'at_risk' || c.state === 'breached'),
    )
    .sort((a, b) => compareIsoDates(a.target ?? '', b.target ?? ''));
  const first = open[0];
  return {
    policyVersion: policy.version,
    today,
    massachusetts: isMassachusetts(facts.residenceRegion),
    lateNotice,
    lateNoticeExplanation:
      lateNotice && notice?.legalDue
        ? msg('clocks.lateNotice', {
            noticeOn: facts.noticeOn,
            windowEnd: notice.legalDue,
            why: notice.explanation,
          })
        : null,
    clocks,
    next:
      first?.target && first.legalDue
        ? { clockId: first.id, target: first.target, legalDue: first.legalDue }
        : null,
  };
}
