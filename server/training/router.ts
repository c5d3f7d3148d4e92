import { fieldKey } from '../trpc/zod-messages.ts';
import { z } from 'zod';
import { SCALES, SCALE_NAMES, listScenarios } from './seed/index.ts';
import type { ScaleName } from './seed/types.ts';
import { isoDateSchema } from '../core/schemas.ts';
import { agentProcedure, router, trainerProcedure } from '../trpc/base.ts';
import { advanceClock, setClock, setClockRunning } from './move-clock.ts';
import { resetTraining, trainingStatus } from './reset-training.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, fieldKey('fields.timeOfDay'));
const noInput = z.strictObject({}).optional();

export const trainingRouter = router({
  /** What every screen needs for the TRAINING banner: kind, clock, scenario, reset progress. */
  status: agentProcedure.input(noInput).query(({ ctx }) => trainingStatus(ctx)),

  /** Scenarios and scales a trainer can reset to. */
  scenarios: trainerProcedure.input(noInput).query(() => ({
    scenarios: listScenarios(),
    scales: SCALE_NAMES.map((name) => SCALES[name]),
  })),

  /** Sets "now" to a centre-local date and time. */
  setClock: trainerProcedure
    .input(z.strictObject({ date: isoDateSchema, time: hhmm, running: z.boolean().optional() }))
    .mutation(({ ctx, input }) => setClock(ctx, input)),

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
    .mutation(({ ctx, input }) => advanceClock(ctx, input)),

  /** Pauses the clock where it is, or lets it run on from there in real time. */
  setRunning: trainerProcedure
    .input(z.strictObject({ running: z.boolean() }))
    .mutation(({ ctx, input }) => setClockRunning(ctx, input.running)),

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
    .mutation(({ ctx, input }) => resetTraining(ctx, input)),
});
