import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { loadCalendar } from '../../server/calendar/load-calendar.ts';
import { countsPerClock } from '../../db/repositories/disputes-cockpit.ts';
import { factsOf } from '../../db/repositories/disputes.ts';
import { requireDispute } from '../../server/disputes/load-case.ts';
import { runSeed } from '../../server/training/seed/index.ts';
import { prepareDatabase } from '../../server/ops/bootstrap.ts';
import { clockStateOn } from '../../server/domain/dispute-clock-state.ts';
import { scheduleClocks, type ClockState } from '../../server/domain/dispute-deadlines.ts';
import { TEST_SCRYPT } from '../../server/auth/password.ts';
import { loadPolicy } from '../../server/disputes/policies.ts';

async function seeded(scenarioId: string) {
  const { db, sqlite } = openDatabase(':memory:');
  await prepareDatabase(db, {
    kind: 'training',
    demoUsers: true,
    scrypt: TEST_SCRYPT,
    at: new Date('2026-11-20T15:00:00Z'),
  });
  const result = await runSeed({ sqlite, scenarioId });
  return { db, sqlite, result };
}

describe('dispute demo data', () => {
  it('plants the Thanksgiving week: cases go at risk and breach as the clock advances', async () => {
    const { db, sqlite, result } = await seeded('thanksgiving-disputes');
    expect(result.asOf).toBe('2026-11-23');
    const plants = result.plants.filter((p) => p.area === 'disputes');
    expect(plants.length).toBeGreaterThanOrEqual(10);

    // Stored dates = engine dates, for every case (the cockpit trusts them).
    const calendar = await loadCalendar(db);
    const policy = await loadPolicy(db, 1);
    const ids = (sqlite.prepare('select id from disputes').all() as Array<{ id: number }>).map(
      (r) => r.id,
    );
    expect(ids.length).toBeGreaterThan(80);
    const states = new Set<ClockState>();
    for (const id of ids) {
      const c = await requireDispute(db, id);
      const stored = await db
        .selectFrom('dispute_clocks')
        .selectAll()
        .where('dispute_id', '=', id)
        .orderBy('clock_id')
        .execute();
      const computed = scheduleClocks(policy, factsOf(c), calendar);
      for (const s of computed) {
        const row = stored.find((r) => r.clock_id === s.id);
        expect([
          id,
          s.id,
          row?.legal_due_on ?? null,
          row?.target_on ?? null,
          row?.completed_on ?? null,
        ]).toEqual([id, s.id, s.legalDue, s.target, s.completedOn]);
        states.add(clockStateOn(s, result.asOf, calendar, c.closedOn).state);
      }
    }
    for (const s of [
      'running',
      'at_risk',
      'met',
      'breached',
      'not_started',
      'not_applicable',
    ] as const)
      expect(states).toContain(s);
    const flags = sqlite
      .prepare(
        'select sum(massachusetts) as ma, sum(1 - massachusetts) as other, sum(late_notice) as late, sum(new_account) as fresh from disputes',
      )
      .get() as Record<string, number>;
    expect(flags.ma).toBeGreaterThan(0);
    expect(flags.other).toBeGreaterThan(0);
    expect(flags.late).toBeGreaterThan(0);
    expect(flags.fresh).toBeGreaterThan(0);
    const stages = (
      sqlite.prepare('select distinct stage from disputes order by stage').all() as Array<{
        stage: string;
      }>
    ).map((r) => r.stage);
    expect(stages).toEqual(
      expect.arrayContaining(['closed', 'investigation', 'results', 'reversal']),
    );

    // The planted "due Tuesday" decision clock: at risk Monday, breached Wednesday.
    const tuesday = plants.find(
      (p) => p.title.includes('due TUESDAY') && p.title.includes('Decision'),
    );
    const id = Number(tuesday?.entity?.id);
    const row = await db
      .selectFrom('dispute_clocks')
      .selectAll()
      .where('dispute_id', '=', id)
      .where('clock_id', '=', 'determination_or_credit')
      .executeTakeFirstOrThrow();
    expect(row.legal_due_on).toBe('2026-11-24');
    const count = async (today: string) =>
      (await countsPerClock(db, today)).find((c) => c.clockId === 'determination_or_credit');
    const monday = await count('2026-11-23');
    const wednesday = await count('2026-11-25');
    expect(wednesday?.breached ?? 0).toBeGreaterThan(monday?.breached ?? 0);
    await db.destroy();
  });

  it('is deterministic', async () => {
    const hash = async () => {
      const { db, sqlite } = await seeded('thanksgiving-disputes');
      const h = createHash('sha256');
      for (const t of [
        'disputes',
        'dispute_transactions',
        'dispute_events',
        'dispute_letters',
        'dispute_clocks',
      ]) {
        h.update(JSON.stringify(sqlite.prepare(`select * from ${t} order by 1, 2`).all()));
      }
      await db.destroy();
      return h.digest('hex');
    };
    expect(await hash()).toBe(await hash());
  });
});
