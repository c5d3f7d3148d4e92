import { loadCalendar } from '../calendar/load-calendar.ts';
import { postScheduledPayments } from '../ledger/post-scheduled-payments.ts';
import { readSetting } from '../core/settings.ts';
import type { MutationContext } from '../core/record-change.ts';
import { instantAt, localDateOf, localMinutesOf } from '../domain/dates.ts';
import { DomainError, msg, type ServerMessage } from '../domain/errors.ts';
import {
  applyClockState,
  carrySessionsAcross,
  clockStateAt,
  isSettableClock,
  loadClockState,
  realNowOf,
  saveClockState,
  type TrainingClockState,
} from './clock.ts';
import { isResetRunning } from './reset.ts';

/** Trainer actions need a training database (settable clock) and no reset running. */
export function requireTraining(ctx: Pick<MutationContext, 'deps'>): void {
  if (ctx.deps.databaseKind !== 'training' || !isSettableClock(ctx.deps.clock)) {
    throw new DomainError('FORBIDDEN', msg('training.productionDatabase'));
  }
  if (isResetRunning(ctx.deps)) throw new DomainError('CONFLICT', msg('training.resetRunning'));
}

/**
 * Moves the trainer's clock inside the mutation's transaction: persists the new state, keeps
 * the class signed in, runs the end-of-day processes for the days it skips forward (EasyPay
 * and UltimatePay debits), audits, and — once committed — makes the in-memory clock follow and
 * tells every screen to refetch.
 */
async function moveClock(
  ctx: MutationContext,
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
  const fromDay = ctx.today;
  const toDay = localDateOf(target, ctx.timeZone);
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
  const deps = ctx.deps;
  ctx.afterCommit(() => {
    applyClockState(deps.clock, state);
    deps.events.emit('changed', { area: 'clock' });
  });
  return { now: target.toISOString(), today: toDay, running, scheduledPaymentsPosted: posted };
}

async function isRunning(ctx: MutationContext): Promise<boolean> {
  const current = await loadClockState(ctx.db);
  return current ? current.runningSince !== null : false;
}

/** Sets "now" to a centre-local date and time (running as it was unless told). */
export async function setClock(
  ctx: MutationContext,
  input: { date: string; time: string; running?: boolean | undefined },
) {
  requireTraining(ctx);
  const [h, m] = input.time.split(':').map(Number);
  const target = instantAt(input.date, (h ?? 0) * 60 + (m ?? 0), ctx.timeZone);
  const running = input.running ?? (await isRunning(ctx));
  return moveClock(ctx, target, running, 'training.clock-set', {
    date: input.date,
    time: input.time,
  });
}

/** Moves "now" forward by hours, or by business days (same local time, closed days skipped). */
export async function advanceClock(
  ctx: MutationContext,
  input: { unit: 'hours' | 'businessDays'; amount: number },
) {
  requireTraining(ctx);
  const running = await isRunning(ctx);
  let target: Date;
  let explanation: ServerMessage | null = null;
  if (input.unit === 'hours') {
    target = new Date(ctx.now.getTime() + input.amount * 3_600_000);
  } else {
    const calendar = await loadCalendar(ctx.db);
    const moved = calendar.addBusinessDays(ctx.today, input.amount);
    target = instantAt(moved.date, localMinutesOf(ctx.now, ctx.timeZone), ctx.timeZone);
    explanation = moved.explanation;
  }
  return {
    ...(await moveClock(ctx, target, running, 'training.clock-advance', { by: input })),
    explanation,
  };
}

/** Pauses the clock where it is, or lets it run on from there in real time. */
export function setClockRunning(ctx: MutationContext, running: boolean) {
  requireTraining(ctx);
  return moveClock(
    ctx,
    ctx.now,
    running,
    running ? 'training.clock-run' : 'training.clock-pause',
    {},
  );
}
