import { staffName } from '../../db/repositories/disputes.ts';
import { saveDispute } from './load-case.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { addEvent, changeCase, notClosed, type StepContext } from './change-case.ts';
import type { assignSchema, In } from './schemas.ts';

/** Assigns a case: agents take it for themselves; supervisors assign anyone (or no one). */
export async function assignCase(ctx: StepContext, input: In<typeof assignSchema>) {
  const supervisor = ctx.user.role === 'supervisor' || ctx.user.role === 'admin';
  const { after } = await changeCase(ctx, {
    action: 'dispute.assign',
    id: input.id,
    version: input.version,
    guard: (c) => {
      notClosed(c);
      if (!supervisor && input.userId !== ctx.user.id)
        throw new DomainError('FORBIDDEN', msg('disputes.agentsTakeOwn'));
    },
    apply: async (c) => {
      const user = input.userId ? await staffName(ctx.db, input.userId) : null;
      if (input.userId && !user) throw new DomainError('NOT_FOUND', msg('admin.noSuchUser'));
      const at = ctx.now.toISOString();
      await saveDispute(ctx.db, c.id, { assigned_to: input.userId }, at, input.version);
      await addEvent(
        ctx,
        c.id,
        'assigned',
        user
          ? msg('disputes.event.assigned', { name: user.name })
          : msg('disputes.event.unassigned'),
      );
    },
  });
  return after;
}
