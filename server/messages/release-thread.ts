import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { nextState } from '../domain/message-state.ts';
import { actorOf, changeThread, conflict, patchThread } from './thread-change.ts';

/** Puts a thread back in the unassigned queue (its owner, or a supervisor). */
export async function releaseThread(ctx: MutationContext, threadId: number) {
  const actor = actorOf(ctx);
  const { after } = await changeThread(ctx, {
    action: 'message.thread.release',
    threadId,
    guard: (thread) => {
      if (thread.assigneeId === null) conflict(msg('messages.nobodyHasThread'));
      if (thread.assigneeId !== actor.id && actor.role !== 'supervisor' && actor.role !== 'admin') {
        throw new DomainError('FORBIDDEN', msg('messages.releaseNotAllowed'));
      }
    },
    apply: (thread) =>
      patchThread(
        ctx.db,
        thread,
        { assigneeId: null, state: nextState(thread.state, { type: 'release' }) },
        ctx.now.toISOString(),
      ),
    afterOf: (written) => written,
  });
  return { version: after.version };
}
