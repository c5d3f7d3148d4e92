import { deleteClosure, findClosure, insertClosure } from '../../db/repositories/calendar.ts';
import { loadCalendar } from './load-calendar.ts';
import { refreshOpenCases } from '../disputes/refresh-clocks.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';

/** A new or removed non-business day moves business-day deadlines of every open dispute. */
async function calendarChanged(ctx: MutationContext) {
  await refreshOpenCases(ctx.db);
  const events = ctx.deps.events;
  ctx.afterCommit(() => {
    events.emit('changed', { area: 'calendar' });
    events.emit('changed', { area: 'disputes' });
  });
}

/** Admin: closes the centre on a business day (weather, staff day). */
export async function addClosure(ctx: MutationContext, input: { date: string; name: string }) {
  const calendar = await loadCalendar(ctx.db);
  const reason = calendar.nonBusinessReason(input.date);
  if (reason) {
    throw new DomainError(
      'VALIDATION',
      msg('calendar.alreadyClosed', { date: input.date, reason: reason.reason }),
      {
        fields: { date: msg('fields.alreadyNonBusinessDay') },
      },
    );
  }
  const row = await insertClosure(
    ctx.db,
    { ...input, createdBy: ctx.user.id },
    ctx.now.toISOString(),
  );
  await ctx.audit({
    action: 'calendar.add-closure',
    entityType: 'closure',
    entityId: row.id,
    after: row,
  });
  await calendarChanged(ctx);
  return row;
}

/** Admin: reopens a closed day, with a reason. */
export async function removeClosure(ctx: MutationContext, input: { id: number; reason: string }) {
  await recordChange(ctx, {
    action: 'calendar.remove-closure',
    entityType: 'closure',
    area: 'calendar',
    entityId: input.id,
    load: () => findClosure(ctx.db, input.id),
    guard: (row) => {
      if (!row) throw new DomainError('NOT_FOUND', msg('calendar.noSuchClosure'));
    },
    apply: () => deleteClosure(ctx.db, input.id),
    reason: input.reason,
    emit: false,
  });
  await calendarChanged(ctx);
  return { ok: true as const };
}
