import { z } from 'zod';
import { loadCalendar } from '../../db/repositories/calendar.ts';
import { postScheduledPayments } from '../../db/repositories/ledger.ts';
import { readSetting } from '../../db/repositories/settings.ts';
import {
  SCALES,
  SCALE_NAMES,
  TRAINING_SCENARIO_KEY,
  findScenario,
  listScenarios,
  readSeedSummary,
} from '../../db/seed/index.ts';
import type { ScaleName } from '../../db/seed/types.ts';
import { instantAt, localDateOf, localMinutesOf } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import {
  applyClockState,
  carrySessionsAcross,
  clockStateAt,
  isSettableClock,
  loadClockState,
  realNowOf,
  saveClockState,
  type TrainingClockState,
} from '../training/clock.ts';
import {
  isResetRunning,
  resetJobOf,
  resetUnavailableReason,
  startReset,
} from '../training/reset.ts';
import { agentProcedure, router, trainerProcedure, type Context } from '../trpc/base.ts';
import { isoDateSchema } from './calendar.ts';

const PRODUCTION_REFUSAL =
  'This is a production database: it runs on the real time and its data cannot be reset.';

function requireTraining(ctx: Pick<Context, 'deps'>): void {
  if (ctx.deps.databaseKind !== 'training' || !isSettableClock(ctx.deps.clock)) {
    throw new DomainError('FORBIDDEN', PRODUCTION_REFUSAL);
  }
}

function requireNoReset(ctx: Pick<Context, 'deps'>): void {
  if (isResetRunning(ctx.deps))
    throw new DomainError('CONFLICT', 'A reset is running; wait for it to finish.');
}

/**
 * Moves the trainer's clock inside the mutation's transaction: persists the new state, keeps
 * the class signed in, runs the end-of-day processes for the days it skips forward (EasyPay
 * and UltimatePay debits), audits, and — once committed — makes the in-memory clock follow and
 * tells every screen to refetch.
 */
async function moveClock(
  ctx: Context & { user: NonNullable<Context['user']> },
  target: Date,
  running: boolean,
  action: string,
  detail: Record<string, unknown>,
) {
  const before = ctx.now;
  const state: TrainingClockState = clockStateAt(target, running, realNowOf(ctx.deps.clock));
  await saveClockState(ctx.db, state);
  const { sessionIdleMinutes } = await readSetting(ctx.db, 'security');
  await carrySessionsAcross(ctx.db, before, target, sessionIdleMinutes);
  const { timeZone } = await readSetting(ctx.db, 'identity');
  const fromDay = localDateOf(before, timeZone);
  const toDay = localDateOf(target, timeZone);
  const posted =
    toDay > fromDay
      ? await postScheduledPayments(
          ctx.db,
          await loadCalendar(ctx.db),
          fromDay,
          toDay,
          target.toISOString(),
        )
      : 0;
  await ctx.audit({
    action,
    entityType: 'training-clock',
    entityId: 'clock',
    before: { now: before.toISOString() },
    after: { now: target.toISOString(), running, scheduledPaymentsPosted: posted, ...detail },
  });
  ctx.afterCommit(() => {
    applyClockState(ctx.deps.clock, state);
    ctx.deps.events.emit('changed', { area: 'clock' });
  });
  return { now: target.toISOString(), today: toDay, running, scheduledPaymentsPosted: posted };
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour)');

export const trainingRouter = router({
  /** What every screen needs for the TRAINING banner: kind, clock, scenario, reset progress. */
  status: agentProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const { timeZone } = await readSetting(ctx.db, 'identity');
    const training = ctx.deps.databaseKind === 'training';
    const state = training ? await loadClockState(ctx.db) : null;
    const meta = training
      ? await ctx.db
          .selectFrom('app_meta')
          .select('value')
          .where('key', '=', TRAINING_SCENARIO_KEY)
          .executeTakeFirst()
      : undefined;
    const seeded = readSeedSummary(meta?.value);
    const scenario = seeded ? findScenario(seeded.scenarioId) : undefined;
    return {
      databaseKind: ctx.deps.databaseKind,
      training,
      now: ctx.now.toISOString(),
      today: localDateOf(ctx.now, timeZone),
      timeZone,
      clock: training
        ? { running: state ? state.runningSince !== null : true, set: state !== null }
        : null,
      seeded: seeded
        ? { ...seeded, title: scenario?.title ?? null, description: scenario?.description ?? null }
        : null,
      reset: resetJobOf(ctx.deps),
    };
  }),

  /** Scenarios and scales a trainer can reset to. */
  scenarios: trainerProcedure.input(z.strictObject({}).optional()).query(() => ({
    scenarios: listScenarios(),
    scales: SCALE_NAMES.map((name) => SCALES[name]),
  })),

  /** Sets "now" to a centre-local date and time. */
  setClock: trainerProcedure
    .input(
      z.strictObject({
        date: isoDateSchema,
        time: hhmm,
        running: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      requireTraining(ctx);
      requireNoReset(ctx);
      const { timeZone } = await readSetting(ctx.db, 'identity');
      const [h, m] = input.time.split(':').map(Number);
      const target = instantAt(input.date, (h ?? 0) * 60 + (m ?? 0), timeZone);
      const current = await loadClockState(ctx.db);
      const running = input.running ?? (current ? current.runningSince !== null : false);
      return moveClock(ctx, target, running, 'training.clock-set', {
        date: input.date,
        time: input.time,
      });
    }),

  /** Moves "now" forward by hours, or by business days (same local time, weekends and holidays skipped). */
  advance: trainerProcedure
    .input(
      z.discriminatedUnion('unit', [
        z.strictObject({ unit: z.literal('hours'), amount: z.number().int().min(1).max(72) }),
        z.strictObject({
          unit: z.literal('businessDays'),
          amount: z.number().int().min(1).max(30),
        }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      requireTraining(ctx);
      requireNoReset(ctx);
      const current = await loadClockState(ctx.db);
      const running = current ? current.runningSince !== null : false;
      let target: Date;
      let explanation: string | null = null;
      if (input.unit === 'hours') {
        target = new Date(ctx.now.getTime() + input.amount * 3_600_000);
      } else {
        const { timeZone } = await readSetting(ctx.db, 'identity');
        const calendar = await loadCalendar(ctx.db);
        const moved = calendar.addBusinessDays(localDateOf(ctx.now, timeZone), input.amount);
        target = instantAt(moved.date, localMinutesOf(ctx.now, timeZone), timeZone);
        explanation = moved.explanation;
      }
      return {
        ...(await moveClock(ctx, target, running, 'training.clock-advance', { by: input })),
        explanation,
      };
    }),

  /** Pauses the clock where it is, or lets it run on from there in real time. */
  setRunning: trainerProcedure
    .input(z.strictObject({ running: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      requireTraining(ctx);
      requireNoReset(ctx);
      return moveClock(
        ctx,
        ctx.now,
        input.running,
        input.running ? 'training.clock-run' : 'training.clock-pause',
        {},
      );
    }),

  /**
   * Re-seeds the training database with a scenario (its own seed and scale unless given) and
   * puts the clock at the scenario's start. Returns at once; poll `status` for progress.
   */
  reset: trainerProcedure
    .input(
      z.strictObject({
        scenarioId: z.string().min(1).max(64),
        scale: z.enum(SCALE_NAMES as [ScaleName, ...ScaleName[]]).optional(),
        seed: z.number().int().min(0).max(2_147_483_647).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      requireTraining(ctx);
      requireNoReset(ctx);
      const scenario = findScenario(input.scenarioId);
      if (!scenario)
        throw new DomainError('NOT_FOUND', `No scenario "${input.scenarioId}".`, {
          fields: { scenarioId: 'Unknown scenario' },
        });
      const unavailable = resetUnavailableReason(ctx.deps);
      if (unavailable) throw new DomainError('PRECONDITION', unavailable);
      await ctx.audit({
        action: 'training.reset',
        entityType: 'training',
        entityId: scenario.id,
        after: { ...input, scale: input.scale ?? scenario.scale },
      });
      const actor = { id: ctx.user.id, username: ctx.user.username };
      const params = {
        scenarioId: scenario.id,
        ...(input.scale ? { scale: input.scale } : {}),
        ...(input.seed === undefined ? {} : { seed: input.seed }),
      };
      const deps = ctx.deps;
      ctx.afterCommit(() => {
        startReset(deps, params, actor);
        deps.events.emit('changed', { area: 'training' });
      });
      return { started: true as const, scenarioId: scenario.id };
    }),
});
