import {
  agingBuckets,
  cockpitCases,
  countsPerAgent,
  countsPerClock,
  dailyTrendCounts,
} from '../../db/repositories/disputes-cockpit.ts';
import { caseNumber } from '../domain/dispute-workflow.ts';
import { trendWeeks, weeklyTrend } from '../domain/weekly-trend.ts';
import { todayOf, type ReadContext, type StepContext } from './change-case.ts';
import { policyInEffect } from './policies.ts';
import { refreshOpenCases } from './refresh-clocks.ts';
import type { cockpitCasesSchema, In } from './schemas.ts';

/** The supervisor's deadline cockpit: per clock, per agent, aging and weekly trend. */
export async function viewCockpit(ctx: ReadContext) {
  const started = performance.now();
  const { today } = await todayOf(ctx);
  const policy = await policyInEffect(ctx.db, today);
  const perClock = await countsPerClock(ctx.db, today);
  const perAgent = await countsPerAgent(ctx.db, today);
  const aging = await agingBuckets(ctx.db, today);
  const weeks = trendWeeks(today);
  const trend = weeklyTrend(weeks, await dailyTrendCounts(ctx.db, weeks[0] ?? today, today));
  const byId = new Map(perClock.map((c) => [c.clockId, c]));
  return {
    today,
    perClock: policy.clocks
      .filter((rule) => rule.kind === 'deadline')
      .map((rule) => ({
        clockId: rule.id,
        label: rule.label,
        owner: rule.owner,
        citation: rule.citation,
        open: byId.get(rule.id)?.open ?? 0,
        dueToday: byId.get(rule.id)?.dueToday ?? 0,
        atRisk: byId.get(rule.id)?.atRisk ?? 0,
        breached: byId.get(rule.id)?.breached ?? 0,
        suspended: byId.get(rule.id)?.suspended ?? 0,
      })),
    perAgent,
    aging,
    trend,
    milliseconds: Math.round(performance.now() - started),
  };
}

/** The clocks behind a cockpit number (drill-down). */
export async function listCockpitCases(ctx: ReadContext, input: In<typeof cockpitCasesSchema>) {
  const { today } = await todayOf(ctx);
  const rows = await cockpitCases(ctx.db, { today, ...input });
  return { today, rows: rows.map((r) => ({ ...r, caseNumber: caseNumber(r.disputeId) })) };
}

/** Recomputes every open case's clocks (after the business calendar changed). */
export async function recomputeClocks(ctx: StepContext) {
  const n = await refreshOpenCases(ctx.db);
  await ctx.audit({
    action: 'dispute.recompute-clocks',
    entityType: 'dispute',
    entityId: null,
    after: { cases: n },
  });
  ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'disputes' }));
  return { cases: n };
}
