import { readAppMeta } from '../../db/repositories/settings.ts';
import { findScenario, readSeedSummary, TRAINING_SCENARIO_KEY } from './seed/index.ts';
import type { ScaleName } from './seed/types.ts';
import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import type { StaffContext } from '../trpc/base.ts';
import { loadClockState } from './clock.ts';
import { requireTraining } from './move-clock.ts';
import { resetJobOf, resetUnavailableReason, startReset } from './reset.ts';

/** What every screen needs for the TRAINING banner: kind, clock, scenario, reset progress. */
export async function trainingStatus(ctx: StaffContext) {
  const training = ctx.deps.databaseKind === 'training';
  const state = training ? await loadClockState(ctx.db) : null;
  const seeded = training
    ? readSeedSummary(await readAppMeta(ctx.db, TRAINING_SCENARIO_KEY))
    : null;
  const scenario = seeded ? findScenario(seeded.scenarioId) : undefined;
  return {
    databaseKind: ctx.deps.databaseKind,
    training,
    now: ctx.now.toISOString(),
    today: ctx.today,
    timeZone: ctx.timeZone,
    clock: training
      ? { running: state ? state.runningSince !== null : true, set: state !== null }
      : null,
    seeded: seeded
      ? { ...seeded, title: scenario?.title ?? null, description: scenario?.description ?? null }
      : null,
    reset: resetJobOf(ctx.deps),
  };
}

/**
 * Re-seeds the training database with a scenario (its own seed and scale unless given) and
 * puts the clock at the scenario's start. Returns at once; the reset starts after commit.
 */
export async function resetTraining(
  ctx: MutationContext,
  input: { scenarioId: string; scale?: ScaleName | undefined; seed?: number | undefined },
) {
  requireTraining(ctx);
  const scenario = findScenario(input.scenarioId);
  if (!scenario)
    throw new DomainError(
      'NOT_FOUND',
      msg('training.noScenario', { scenarioId: input.scenarioId }),
      {
        fields: { scenarioId: msg('fields.unknownScenario') },
      },
    );
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
}
