/**
 * Dispute cockpit timing at 50,000 cases: `node bench/cockpit.ts [--cases 50000] [--runs 30] [--db file]`
 * (`--db`: keep the seeded database in that file and reuse it on the next run).
 *
 * Builds a temporary training database (customers at the `class` scale, then the disputes module
 * asked for N cases), and times the cockpit's aggregates (per clock, per agent, aging, trend, a
 * 100-row drill-down) straight against SQLite and through the real `disputes.cockpit` procedure,
 * on several "today"s (the trainer's clock moving needs no recompute: the stored dates are
 * compared with today in SQL). Prints p50 / p95 in milliseconds.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/database.ts';
import { insertUser } from '../db/repositories/users.ts';
import { createSession } from '../db/repositories/sessions.ts';
import {
  agingBuckets,
  cockpitCases,
  countsPerAgent,
  countsPerClock,
  dailyTrendCounts,
} from '../db/repositories/disputes-cockpit.ts';
import { trendWeeks, weeklyTrend } from '../server/domain/weekly-trend.ts';
import { customersModule } from '../server/training/seed/modules/customers.ts';
import {
  disputesModule,
  generate as generateDisputes,
} from '../server/training/seed/modules/disputes.ts';
import { runSeed } from '../server/training/seed/index.ts';
import type { SeedModule } from '../server/training/seed/types.ts';
import { prepareDatabase } from '../server/ops/bootstrap.ts';
import { createContext } from '../server/trpc/context.ts';
import { ManualClock } from '../server/domain/clock.ts';
import { DeskEvents } from '../server/events/desk-events.ts';
import { TEST_SCRYPT } from '../server/auth/password.ts';
import { appRouter } from '../server/router.ts';
import { createCallerFactory, type AppDeps } from '../server/trpc/base.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '30' },
    db: { type: 'string' },
  },
});
const CASES = Number(values.cases);
const RUNS = Number(values.runs);

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return `p50 ${at(0.5).toFixed(1)} ms / p95 ${at(0.95).toFixed(1)} ms / max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const dir = mkdtempSync(path.join(tmpdir(), 'cic-cockpit-bench-'));
try {
  const file = values.db ?? path.join(dir, 'bench.sqlite');
  const reuse = Boolean(values.db && existsSync(values.db));
  const { db, sqlite } = openDatabase(file);
  const at = new Date('2026-11-23T14:00:00Z');
  if (!reuse)
    await prepareDatabase(db, { kind: 'training', demoUsers: true, scrypt: TEST_SCRYPT, at });
  // The disputes module sizes itself from the scale name; ask it for CASES cases on class-size customers.
  const many: SeedModule = {
    ...disputesModule,
    estimate: () => CASES,
    generate: (ctx) =>
      generateDisputes({
        ...ctx,
        scale: { ...ctx.scale, name: CASES >= 50_000 ? 'large' : ctx.scale.name },
      }),
  };
  const t0 = performance.now();
  if (!reuse) {
    const seeded = await runSeed({
      sqlite,
      scenarioId: 'standard',
      scale: 'class',
      modules: [customersModule, many],
      exclusive: true,
    });
    console.log(
      `seeded ${seeded.counts.disputes} disputes, ${seeded.counts.dispute_clocks} clock rows on ${seeded.counts.accounts} accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  const n = sqlite.prepare('select count(*) as n from disputes').get() as { n: number };
  console.log(`${n.n} disputes in ${file}`);

  for (const today of ['2026-11-23', '2026-11-25', '2026-12-01']) {
    console.log(`\ntoday ${today}`);
    console.log(`  per clock        ${stats(await time(RUNS, () => countsPerClock(db, today)))}`);
    console.log(`  per agent        ${stats(await time(RUNS, () => countsPerAgent(db, today)))}`);
    console.log(`  aging            ${stats(await time(RUNS, () => agingBuckets(db, today)))}`);
    console.log(
      `  12-week trend    ${stats(
        await time(RUNS, async () => {
          const weeks = trendWeeks(today);
          return weeklyTrend(weeks, await dailyTrendCounts(db, weeks[0] ?? today, today));
        }),
      )}`,
    );
    console.log(
      `  drill (breached) ${stats(await time(RUNS, () => cockpitCases(db, { today, filter: 'breached', limit: 100 })))}`,
    );
  }

  const clock = new ManualClock('2026-11-23T14:00:00.000Z');
  const deps: AppDeps = {
    db,
    clock,
    events: new DeskEvents(),
    databaseKind: 'training',
    dataDir: dir,
    scrypt: TEST_SCRYPT,
    log: () => {},
  };
  const user = await insertUser(
    db,
    {
      username: `bench-supervisor-${Date.now()}`,
      displayName: 'Bench Supervisor',
      role: 'supervisor',
      passwordHash: 'x',
    },
    at.toISOString(),
  );
  const token = await createSession(db, user.id, at.toISOString());
  const caller = createCallerFactory(appRouter)(await createContext({ deps, sessionToken: token }));
  const open = await caller.disputes.cockpit();
  console.log(
    `\ndisputes.cockpit procedure (all aggregates, one request): ${stats(await time(RUNS, () => caller.disputes.cockpit()))}`,
  );
  console.log(
    `  open lender+customer clocks counted: ${open.perClock.reduce((s, c) => s + c.open, 0)}; server-reported ${open.milliseconds} ms`,
  );
  await db.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
