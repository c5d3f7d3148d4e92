import { describeSkipped, reasonText, type BusinessCalendar } from './calendar.ts';
import { addCalendarDays, compareIsoDates, labelDate, type IsoDate } from './dates.ts';
import type {
  ClockOverride,
  ClockRule,
  CompletionEvent,
  DisputePolicy,
  OverrideCondition,
  StartEvent,
} from './dispute-policy.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * The dispute deadline engine: pure. From a case's facts, the policy version it was opened
 * under and the business calendar, it computes every clock's legal due date, internal target
 * and "at risk" date (which do not depend on "now", so they can be stored and indexed), and the
 * state of each clock on a given day, with an explanation of every date.
 *
 * Rules (SPEC section 4):
 * - Day 0 is the day of the trigger; "n business days" is the n-th business day after it.
 * - A lender's calendar-day deadline falling on a non-business day keeps its legal date and gets
 *   an internal target on the business day before. A customer's window (60-day notice, written
 *   confirmation) is judged on its legal date only: it is never shortened.
 * - At risk: not done, and `policy.atRiskBusinessDays` or fewer business days left to the target.
 * - Late notice is flagged, never rejected.
 * - After a case closes, its clocks are frozen as of the closing day.
 */

export type NoticeChannel = 'phone' | 'secure_message' | 'mail';
export type Determination = 'error_found' | 'no_error' | 'different_error';
export type ClockState =
  'not_applicable' | 'not_started' | 'running' | 'at_risk' | 'met' | 'breached' | 'suspended';

export interface DisputeFacts {
  /** Centre-local date the notice was received (day 0 of the notice clocks). */
  noticeOn: IsoDate;
  channel: NoticeChannel;
  /** Date of the statement that showed the error, when known. */
  statementOn?: IsoDate | null;
  /** Dates of the disputed transactions (at least one). */
  transactionDates: readonly IsoDate[];
  /** State/province of residence on the notice date (from the address history). */
  residenceRegion: string | null;
  newAccount: boolean;
  pointOfSale: boolean;
  foreignInitiated: boolean;
  /** Whether the lender asked for written confirmation of an oral notice. */
  writtenConfirmationRequired: boolean;
  writtenConfirmationReceivedOn?: IsoDate | null;
  provisionalCreditOn?: IsoDate | null;
  provisionalCreditNoticeSentOn?: IsoDate | null;
  determination?: Determination | null;
  determinationOn?: IsoDate | null;
  /** Defaults to the determination date. */
  investigationCompletedOn?: IsoDate | null;
  resultsSentOn?: IsoDate | null;
  correctionPostedOn?: IsoDate | null;
  reversalNoticeSentOn?: IsoDate | null;
  reversalPostedOn?: IsoDate | null;
  closedOn?: IsoDate | null;
  /** Amounts: a correction smaller than the provisional credit leaves a difference to reverse. */
  provisionalCreditCents?: number | null;
  correctionCents?: number | null;
  /** The customer withdrew the dispute (no determination follows). */
  withdrawnOn?: IsoDate | null;
}

/** A clock's dates: independent of "now" (what the database stores per case and clock). */
export interface ClockSchedule {
  id: string;
  label: { en: string; fr: string };
  owner: 'lender' | 'customer';
  kind: 'deadline' | 'not_before';
  length: number;
  unit: 'calendar' | 'business';
  citation: string;
  /** The override that applied (e.g. Massachusetts), or null for the base rule. */
  override: { when: OverrideCondition[]; note: { en: string; fr: string } } | null;
  applicable: boolean;
  startOn: IsoDate | null;
  /** The date the rule gives (for not_before: the earliest allowed date). */
  legalDue: IsoDate | null;
  /** The date the desk works to: the legal date, or the business day before it. */
  target: IsoDate | null;
  /** First day the clock counts as at risk while not done. */
  atRiskFrom: IsoDate | null;
  completedOn: IsoDate | null;
  /**
   * From this day the clock is suspended by another clock's outcome (policy `suspendedBy`):
   * it is then never "breached". Null when no dependency applies.
   */
  suspendedFrom: IsoDate | null;
  /** Why it is suspended, in words (with the citation). */
  suspension: { en: string; fr: string; citation: string } | null;
  /** How each date was obtained, in words (a message shown in the reader's language). */
  explanation: ServerMessage;
}

export interface ClockStatus extends ClockSchedule {
  state: ClockState;
  /** Business days from "today" to the target (0 on the target day); null unless running/at risk. */
  businessDaysLeft: number | null;
}

export interface DeadlineReport {
  policyVersion: number;
  today: IsoDate;
  massachusetts: boolean;
  lateNotice: boolean;
  lateNoticeExplanation: ServerMessage | null;
  clocks: ClockStatus[];
  /** The open lender clock with the earliest target. */
  next: { clockId: string; target: IsoDate; legalDue: IsoDate } | null;
}

/** True when the customer lived in Massachusetts on the notice date. */
export function isMassachusetts(region: string | null | undefined): boolean {
  return (region ?? '').toUpperCase() === 'MA';
}

function conditionHolds(condition: OverrideCondition, facts: DisputeFacts): boolean {
  switch (condition) {
    case 'massachusetts':
      return isMassachusetts(facts.residenceRegion);
    case 'new_account':
      return facts.newAccount;
    case 'point_of_sale':
      return facts.pointOfSale;
    case 'foreign':
      return facts.foreignInitiated;
  }
}

function minDate(dates: ReadonlyArray<IsoDate | null | undefined>): IsoDate | null {
  let best: IsoDate | null = null;
  for (const d of dates) if (d && (best === null || compareIsoDates(d, best) < 0)) best = d;
  return best;
}

function investigationDone(facts: DisputeFacts): IsoDate | null {
  return facts.investigationCompletedOn ?? facts.determinationOn ?? null;
}

/** A smaller correction than the provisional credit leaves this much to reverse. */
export function reversibleCents(facts: DisputeFacts): number {
  const credit = facts.provisionalCreditCents ?? 0;
  if (!facts.provisionalCreditOn || credit <= 0) return 0;
  if (facts.determination === 'no_error' || (facts.withdrawnOn && !facts.determination))
    return credit;
  if (facts.determination && facts.correctionPostedOn)
    return Math.max(0, credit - (facts.correctionCents ?? 0));
  return 0;
}

/** Day 0 of a clock; 'n/a' when its trigger can no longer (or never will) happen. */
function startOf(event: StartEvent, facts: DisputeFacts): IsoDate | null | 'n/a' {
  const decided = Boolean(facts.determination) || Boolean(facts.withdrawnOn);
  const ended = Boolean(facts.closedOn) || Boolean(facts.withdrawnOn && !facts.determination);
  switch (event) {
    case 'transaction_date':
      return facts.statementOn ?? minDate(facts.transactionDates);
    case 'oral_notice':
      return facts.channel === 'phone' && facts.writtenConfirmationRequired
        ? facts.noticeOn
        : 'n/a';
    case 'notice_received':
      return facts.noticeOn;
    case 'provisional_credit_posted':
      if (facts.provisionalCreditOn) return facts.provisionalCreditOn;
      return decided || facts.closedOn ? 'n/a' : null;
    case 'investigation_completed':
      return investigationDone(facts) ?? (ended ? 'n/a' : null);
    case 'error_determined':
      if (facts.determination === 'no_error') return 'n/a';
      if (facts.determination && facts.determinationOn) return facts.determinationOn;
      return ended ? 'n/a' : null;
    case 'reversal_notice_sent':
      if (facts.reversalNoticeSentOn) return facts.reversalNoticeSentOn;
      if (!facts.provisionalCreditOn && (decided || facts.closedOn)) return 'n/a';
      // Error found in full: the credit is final. A smaller correction leaves a difference.
      if (facts.determination && facts.determination !== 'no_error') {
        if (!facts.correctionPostedOn) return facts.closedOn ? 'n/a' : null;
        if (reversibleCents(facts) === 0) return 'n/a';
      }
      return facts.closedOn ? 'n/a' : null;
  }
}

function completionOf(event: CompletionEvent, facts: DisputeFacts): IsoDate | null {
  switch (event) {
    case 'notice_received':
      return facts.noticeOn;
    case 'written_confirmation_received':
      return facts.writtenConfirmationReceivedOn ?? null;
    case 'provisional_credit_or_determination':
      return minDate([
        facts.provisionalCreditOn,
        facts.determination ? facts.determinationOn : null,
        facts.withdrawnOn,
      ]);
    case 'provisional_credit_notice_sent':
      return facts.provisionalCreditNoticeSentOn ?? null;
    case 'investigation_completed':
      return investigationDone(facts) ?? facts.withdrawnOn ?? null;
    case 'results_sent':
      return facts.resultsSentOn ?? null;
    case 'correction_posted':
      return facts.correctionPostedOn ?? null;
    case 'reversal_posted':
      return facts.reversalPostedOn ?? null;
  }
}

function overrideFor(rule: ClockRule, facts: DisputeFacts): ClockOverride | null {
  return (
    rule.overrides.find((o) =>
      o.all
        ? o.when.every((c) => conditionHolds(c, facts))
        : o.when.some((c) => conditionHolds(c, facts)),
    ) ?? null
  );
}

/**
 * The dates of one clock. Exported for the table tests; `scheduleClocks` runs it for every
 * clock of a policy.
 */
export function scheduleClock(
  rule: ClockRule,
  facts: DisputeFacts,
  calendar: BusinessCalendar,
  atRiskBusinessDays: number,
): ClockSchedule {
  const override = overrideFor(rule, facts);
  const length = override?.length ?? rule.length;
  const unit = override?.unit ?? rule.unit;
  const base = {
    id: rule.id,
    label: rule.label,
    owner: rule.owner,
    kind: rule.kind,
    length,
    unit,
    citation: override?.citation ?? rule.citation,
    override: override ? { when: override.when, note: override.note } : null,
  };
  const start = startOf(rule.startEvent, facts);
  const completedOn = completionOf(rule.completedBy, facts);
  if (start === 'n/a' || start === null) {
    return {
      ...base,
      applicable: start !== 'n/a',
      startOn: null,
      legalDue: null,
      target: null,
      atRiskFrom: null,
      completedOn: start === 'n/a' ? null : completedOn,
      suspendedFrom: null,
      suspension: null,
      explanation: msg(start === 'n/a' ? 'clocks.notApplicable' : 'clocks.notStarted'),
    };
  }

  let legalDue: IsoDate;
  let explanation: ServerMessage;
  if (unit === 'business') {
    const r = calendar.addBusinessDays(start, length);
    legalDue = r.date;
    explanation = r.explanation;
  } else {
    legalDue = addCalendarDays(start, length);
    explanation = msg('clocks.calendarDays', { count: length, from: start, due: legalDue });
  }

  let target = legalDue;
  if (rule.kind === 'deadline' && rule.owner === 'lender' && unit === 'calendar') {
    const before = calendar.onOrBefore(legalDue);
    if (before.date !== legalDue) {
      target = before.date;
      const reason = calendar.nonBusinessReason(legalDue)?.reason;
      explanation = msg('clocks.internalTarget', {
        base: explanation,
        reason: reason ? reasonText(reason) : msg('clocks.closed'),
        target,
        skipped: describeSkipped(before.skipped),
      });
    }
  }
  if (override)
    explanation = msg('clocks.withOverride', {
      base: explanation,
      note: msg('clocks.policyNote', { en: override.note.en, fr: override.note.fr }),
    });
  if (rule.kind === 'not_before')
    explanation = msg('clocks.notBefore', { on: legalDue, base: explanation });

  const atRiskFrom =
    rule.kind === 'deadline' ? calendar.addBusinessDays(target, -atRiskBusinessDays).date : null;
  return {
    ...base,
    applicable: true,
    startOn: start,
    legalDue,
    target,
    atRiskFrom,
    completedOn,
    suspendedFrom: null,
    suspension: null,
    explanation,
  };
}

/**
 * Applies the policy's clock dependencies: a clock with `suspendedBy` is suspended from the day
 * after the other clock's window closed without its event (its legal date passed, not done, or
 * done late). Dates only, independent of "now", like every stored date.
 */
export function applyDependencies(
  policy: DisputePolicy,
  schedules: ClockSchedule[],
): ClockSchedule[] {
  return schedules.map((s, i) => {
    const dependency = policy.clocks[i]?.suspendedBy;
    if (!dependency || !s.applicable || !s.startOn) return s;
    const other = schedules.find((o) => o.id === dependency.clock);
    if (!other?.applicable || !other.legalDue) return s;
    if (other.completedOn && compareIsoDates(other.completedOn, other.legalDue) <= 0) return s;
    const from = addCalendarDays(other.legalDue, 1);
    if (s.completedOn && compareIsoDates(s.completedOn, from) < 0) return s;
    const text = (lang: 'en' | 'fr') =>
      lang === 'en'
        ? `Suspended from ${labelDate(from)}: ${dependency.note.en} (${dependency.citation})`
        : `Suspendu à compter du ${from} : ${dependency.note.fr} (${dependency.citation})`;
    return {
      ...s,
      suspendedFrom: from,
      suspension: { en: text('en'), fr: text('fr'), citation: dependency.citation },
    };
  });
}

/**
 * The open lender deadline with the earliest target (the case's "next deadline" in lists).
 *
 * @example nextOpenClock(scheduleClocks(policy, facts, calendar))?.id // 'determination_or_credit'
 */
export function nextOpenClock(schedules: readonly ClockSchedule[]): ClockSchedule | null {
  let best: ClockSchedule | null = null;
  for (const s of schedules) {
    if (
      s.owner !== 'lender' ||
      s.kind !== 'deadline' ||
      !s.applicable ||
      !s.target ||
      s.completedOn
    )
      continue;
    if (!best || (best.target ?? '') > s.target) best = s;
  }
  return best;
}

/** Every clock of the policy for the case (dates only). */
export function scheduleClocks(
  policy: DisputePolicy,
  facts: DisputeFacts,
  calendar: BusinessCalendar,
): ClockSchedule[] {
  return applyDependencies(
    policy,
    policy.clocks.map((rule) => scheduleClock(rule, facts, calendar, policy.atRiskBusinessDays)),
  );
}

/**
 * `scheduleClocks` for bulk work (demo data, 50k cases): the same schedules, each computed once
 * per (clock, override, start, completion) — the only facts a clock's dates depend on — and then
 * shared between cases. Treat the returned schedules as read-only.
 *
 * @example const schedule = cachedClockScheduler(policy, calendar); schedule(facts) // = scheduleClocks(policy, facts, calendar)
 */
export function cachedClockScheduler(
  policy: DisputePolicy,
  calendar: BusinessCalendar,
): (facts: DisputeFacts) => ClockSchedule[] {
  const cache = new Map<string, ClockSchedule>();
  const dependent = policy.clocks.some((rule) => rule.suspendedBy);
  return (facts) => {
    const schedules = policy.clocks.map((rule, i) => {
      const override = overrideFor(rule, facts);
      const overrideIndex = override ? rule.overrides.indexOf(override) : -1;
      const key = `${i}|${overrideIndex}|${String(startOf(rule.startEvent, facts))}|${completionOf(rule.completedBy, facts) ?? ''}`;
      let schedule = cache.get(key);
      if (!schedule) {
        schedule = scheduleClock(rule, facts, calendar, policy.atRiskBusinessDays);
        cache.set(key, schedule);
      }
      return schedule;
    });
    return dependent ? applyDependencies(policy, schedules) : schedules;
  };
}

/**
 * The earliest date a provisional-credit reversal may be dated: `length` business days after its
 * notice was sent (the reversal_notice clock of the policy).
 *
 * @example earliestReversalDate(policy, cal, '2026-11-23').date // '2026-12-01' (skips Thanksgiving)
 */
export function earliestReversalDate(
  policy: DisputePolicy,
  calendar: BusinessCalendar,
  noticeSentOn: IsoDate,
): { date: IsoDate; explanation: ServerMessage } {
  const rule = policy.clocks.find(
    (c) => c.id === 'reversal_notice' || c.startEvent === 'reversal_notice_sent',
  );
  const r = calendar.addBusinessDays(noticeSentOn, rule?.length ?? 5);
  return { date: r.date, explanation: r.explanation };
}
