import { findUserById } from '../../db/repositories/users.ts';
import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { nextState } from '../domain/message-state.ts';
import { changeThread, patchThread } from './thread-change.ts';

/** Supervisor: gives one or many threads to an active staff member (one audit record each). */
export async function assignThreads(
  ctx: MutationContext,
  input: { threadIds: readonly number[]; userId: number },
) {
  const user = await findUserById(ctx.db, input.userId);
  if (!user || user.active !== 1)
    throw new DomainError('VALIDATION', msg('messages.assignToActive'), {
      fields: { userId: msg('fields.notActiveUser') },
    });
  for (const threadId of input.threadIds) {
    await changeThread(ctx, {
      action: 'message.thread.assign',
      threadId,
      emit: false,
      apply: async (thread) =>
        thread.assigneeId === input.userId
          ? thread
          : patchThread(
              ctx.db,
              thread,
              { assigneeId: input.userId, state: nextState(thread.state, { type: 'assign' }) },
              ctx.now.toISOString(),
            ),
      afterOf: (written) => written,
    });
  }
  const events = ctx.deps.events;
  ctx.afterCommit(() => events.emit('changed', { area: 'messages' }));
  return { assigned: input.threadIds.length };
}
