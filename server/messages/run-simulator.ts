import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { simulatorOf } from './simulator.ts';

function requireTrainingDatabase(ctx: Pick<MutationContext, 'deps'>): void {
  if (ctx.deps.databaseKind !== 'training') {
    throw new DomainError('FORBIDDEN', msg('messages.simulatorTrainingOnly'));
  }
}

/** Trainer: customers start "writing in" at `perHour` once the audit record is committed. */
export async function startSimulator(ctx: MutationContext, perHour: number) {
  requireTrainingDatabase(ctx);
  await ctx.audit({
    action: 'message.simulator.start',
    entityType: 'simulator',
    entityId: 'messages',
    after: { perHour },
  });
  const sim = simulatorOf(ctx.deps);
  ctx.afterCommit(() => sim.start(perHour));
  return { ...sim.status, running: true, perHour };
}

export async function stopSimulator(ctx: MutationContext) {
  requireTrainingDatabase(ctx);
  const sim = simulatorOf(ctx.deps);
  await ctx.audit({
    action: 'message.simulator.stop',
    entityType: 'simulator',
    entityId: 'messages',
    before: sim.status,
  });
  ctx.afterCommit(() => sim.stop());
  return { ...sim.status, running: false };
}
