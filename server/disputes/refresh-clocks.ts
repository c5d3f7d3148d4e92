import type { DbOrTrx } from '../../db/database.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import { factsOf, type DisputeCase } from '../../db/repositories/disputes.ts';
import { requireDispute } from './load-case.ts';
import {
  openCaseIds,
  writeCaseSchedule,
  writeClocks,
} from '../../db/repositories/disputes-clocks.ts';
import type { BusinessCalendar } from '../domain/calendar.ts';
import { nextOpenClock, scheduleClocks, type ClockSchedule } from '../domain/dispute-deadlines.ts';
import type { DisputePolicy } from '../domain/dispute-policy.ts';
import { stageOf } from '../domain/dispute-workflow.ts';
import { loadPolicy } from './policies.ts';

/**
 * Computes a case's clocks once (the pure rule in server/domain/dispute-deadlines.ts) and stores
 * them with its stage and next deadline, so the cockpit aggregates with indexed SQL. Every step
 * that changes a case calls it in the same transaction (server/disputes/change-case.ts).
 */
export async function refreshClocks(
  db: DbOrTrx,
  c: DisputeCase,
  policy: DisputePolicy,
  calendar: BusinessCalendar,
): Promise<ClockSchedule[]> {
  const facts = factsOf(c);
  const schedules = scheduleClocks(policy, facts, calendar);
  await writeClocks(db, c.id, schedules, c.closedOn);
  const next = c.closedOn ? null : nextOpenClock(schedules);
  const notice = schedules.find((s) => s.id === 'notice_timely');
  await writeCaseSchedule(db, c.id, {
    lateNotice: Boolean(
      notice?.legalDue && notice.completedOn && notice.completedOn > notice.legalDue,
    ),
    stage: stageOf(facts),
    nextClock: next?.id ?? null,
    nextTargetOn: next?.target ?? null,
  });
  return schedules;
}

/** Loads the case, its policy and the calendar, then refreshes its clocks. */
export async function refreshCaseClocks(db: DbOrTrx, id: number): Promise<ClockSchedule[]> {
  const c = await requireDispute(db, id);
  const [policy, calendar] = await Promise.all([loadPolicy(db, c.policyVersion), loadCalendar(db)]);
  return refreshClocks(db, c, policy, calendar);
}

/** Refreshes every open case (after the business calendar changed). Returns how many. */
export async function refreshOpenCases(db: DbOrTrx): Promise<number> {
  const calendar = await loadCalendar(db);
  const ids = await openCaseIds(db);
  const policies = new Map<number, DisputePolicy>();
  for (const { id, policyVersion } of ids) {
    let policy = policies.get(policyVersion);
    if (!policy) {
      policy = await loadPolicy(db, policyVersion);
      policies.set(policyVersion, policy);
    }
    await refreshClocks(db, await requireDispute(db, id), policy, calendar);
  }
  return ids.length;
}
