import type { MutationContext } from '../core/record-change.ts';
import { DomainError } from '../domain/errors.ts';
import { nextState } from '../domain/message-state.ts';
import { actorOf, changeThread, conflict, patchThread } from './thread-change.ts';

/** Puts a thread back in the unassigned queue (its owner, or a supervisor). */
export async function releaseThread(ctx: MutationContext, threadId: number) {
  const actor = actorOf(ctx);
  const { result: version } = await changeThread(ctx, {
    action: 'message.thread.release',
    threadId,
    guard: (thread) => {
      if (thread.assigneeId === null) conflict('Nobody has this thread.');
      if (thread.assigneeId !== actor.id && actor.role !== 'supervisor' && actor.role !== 'admin') {
        throw new DomainError(
          'FORBIDDEN',
          'Only its owner or a supervisor can release this thread.',
        );
      }
    },
    apply: (thread) =>
      patchThread(
        ctx.db,
        thread,
        { assigneeId: null, state: nextState(thread.state, { type: 'release' }) },
        ctx.now.toISOString(),
      ),
  });
  return { version };
}
