import {
  addBusinessMinutes,
  businessMinutesBetween,
  businessMinutesFrom,
  type BusinessHours,
} from './business-hours.ts';

/**
 * Response-time clocks of a thread, in business minutes of the centre. A customer message
 * starts the clock (first response until the centre has answered once, next response after);
 * the centre's reply stops it; "waiting on customer" without a reply pauses it and a customer
 * message resumes it with the minutes already used. The due instant is stored on the thread
 * (denormalised, indexed) so the queue sorts by urgency without computing anything per row.
 */
export type SlaKind = 'first' | 'next';

export interface SlaClock {
  kind: SlaKind | null;
  /** Business minutes used by earlier runs of this clock (after a pause). */
  consumedMinutes: number;
  /** Start of the current run (UTC ISO); null while paused or stopped. */
  runningSince: string | null;
  /** When the current run breaches (UTC ISO); null while paused or stopped. */
  dueAt: string | null;
}

export interface SlaTargets {
  firstResponseHours: number;
  nextResponseHours: number;
}

export const NO_SLA: SlaClock = { kind: null, consumedMinutes: 0, runningSince: null, dueAt: null };

export function targetMinutes(kind: SlaKind, targets: SlaTargets): number {
  return Math.round(
    (kind === 'first' ? targets.firstResponseHours : targets.nextResponseHours) * 60,
  );
}

/**
 * A customer message arrived: start the clock (first or next response), resume a paused one,
 * or leave a running one alone (the oldest unanswered message sets the deadline).
 *
 * @example onInbound(NO_SLA, fri1700, false, { firstResponseHours: 8, nextResponseHours: 4 }, bh).dueAt
 */
export function onInbound(
  clock: SlaClock,
  at: Date,
  hasResponded: boolean,
  targets: SlaTargets,
  bh: BusinessHours,
): SlaClock {
  if (clock.kind && clock.runningSince) return clock;
  const kind: SlaKind = clock.kind ?? (hasResponded ? 'next' : 'first');
  const consumed = clock.kind ? clock.consumedMinutes : 0;
  const left = Math.max(0, targetMinutes(kind, targets) - consumed);
  return {
    kind,
    consumedMinutes: consumed,
    runningSince: at.toISOString(),
    dueAt: addBusinessMinutes(at, left, bh).toISOString(),
  };
}

/** The centre answered: nothing is owed until the customer writes again. */
export function onResponse(): SlaClock {
  return NO_SLA;
}

/** Waiting on the customer (without answering): keep the minutes used, stop counting. */
export function pause(clock: SlaClock, at: Date, bh: BusinessHours): SlaClock {
  if (!clock.kind || !clock.runningSince) return clock;
  return {
    kind: clock.kind,
    consumedMinutes:
      clock.consumedMinutes + businessMinutesBetween(new Date(clock.runningSince), at, bh),
    runningSince: null,
    dueAt: null,
  };
}

/** Picks up a paused clock (the thread is back with the centre). */
export function resume(
  clock: SlaClock,
  at: Date,
  targets: SlaTargets,
  bh: BusinessHours,
): SlaClock {
  if (!clock.kind || clock.runningSince) return clock;
  const left = Math.max(0, targetMinutes(clock.kind, targets) - clock.consumedMinutes);
  return {
    ...clock,
    runningSince: at.toISOString(),
    dueAt: addBusinessMinutes(at, left, bh).toISOString(),
  };
}

export type SlaState = 'none' | 'paused' | 'ok' | 'at_risk' | 'breached';

export interface SlaStatus {
  state: SlaState;
  kind: SlaKind | null;
  dueAt: string | null;
  /** Business minutes left (negative: minutes overdue); null when no clock runs. */
  remainingMinutes: number | null;
}

/** At risk: a quarter of the target or less left, and never less warning than 30 minutes. */
export function atRiskThreshold(target: number): number {
  return Math.max(30, target * 0.25);
}

/**
 * What the queue shows for a clock at `now`.
 *
 * @example slaStatus(clock, now, targets, bh) // { state: 'at_risk', remainingMinutes: 42, ... }
 */
export function slaStatus(
  clock: SlaClock,
  now: Date,
  targets: SlaTargets,
  bh: BusinessHours,
): SlaStatus {
  return statusWith(clock, now, targets, (due) =>
    due.getTime() > now.getTime()
      ? businessMinutesBetween(now, due, bh)
      : -businessMinutesBetween(due, now, bh),
  );
}

/**
 * `slaStatus` of many clocks at the same `now` (a queue page): the same answers, with the
 * opening hours between `now` and the due times summed once for the page instead of per row.
 *
 * @example const statusAt = slaStatusesAt(now, bh); rows.map((r) => statusAt(r.sla, targets))
 */
export function slaStatusesAt(
  now: Date,
  bh: BusinessHours,
): (clock: SlaClock, targets: SlaTargets) => SlaStatus {
  const fromNow = businessMinutesFrom(now, bh);
  return (clock, targets) => statusWith(clock, now, targets, fromNow);
}

/** The rule itself; `minutesTo(due)`: business minutes from `now` to `due` (negative: overdue). */
function statusWith(
  clock: SlaClock,
  now: Date,
  targets: SlaTargets,
  minutesTo: (due: Date) => number,
): SlaStatus {
  if (!clock.kind) return { state: 'none', kind: null, dueAt: null, remainingMinutes: null };
  if (!clock.runningSince || !clock.dueAt) {
    return {
      state: 'paused',
      kind: clock.kind,
      dueAt: null,
      remainingMinutes: Math.round(targetMinutes(clock.kind, targets) - clock.consumedMinutes),
    };
  }
  const due = new Date(clock.dueAt);
  const remaining = minutesTo(due);
  const breached = now.getTime() >= due.getTime();
  const state: SlaState = breached
    ? 'breached'
    : remaining <= atRiskThreshold(targetMinutes(clock.kind, targets))
      ? 'at_risk'
      : 'ok';
  return { state, kind: clock.kind, dueAt: clock.dueAt, remainingMinutes: Math.round(remaining) };
}
