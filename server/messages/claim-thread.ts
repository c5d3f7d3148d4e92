import { mostUrgentFor } from '../../db/repositories/message-queue.ts';
import type { MessageThread } from '../../db/repositories/messages.ts';
import { userDisplayName } from '../../db/repositories/users.ts';
import type { MutationContext } from '../core/record-change.ts';
import { msg } from '../domain/errors.ts';
import { nextState } from '../domain/message-state.ts';
import { actorOf, changeThread, conflict, patchThread, type Actor } from './thread-change.ts';

/** Refuses a claim of a thread someone else owns, naming them. */
async function mayClaim(ctx: MutationContext, thread: MessageThread, actor: Actor) {
  if (thread.assigneeId === null || thread.assigneeId === actor.id) return;
  const owner = await userDisplayName(ctx.db, thread.assigneeId);
  conflict(owner ? msg('messages.threadTaken', { owner }) : msg('messages.threadTakenUnknown'), {
    assigneeId: thread.assigneeId,
    assigneeName: owner,
  });
}

/** The thread as it is once the actor owns it (unchanged when they already did). */
async function takeOwnership(
  ctx: MutationContext,
  thread: MessageThread,
  actor: Actor,
): Promise<MessageThread> {
  if (thread.assigneeId === actor.id) return thread;
  return patchThread(
    ctx.db,
    thread,
    { assigneeId: actor.id, state: nextState(thread.state, { type: 'claim' }) },
    ctx.now.toISOString(),
  );
}

/**
 * Takes an unowned thread. Exactly one of many simultaneous claims wins: each runs in its own
 * write transaction, and the loser finds an owner and gets a CONFLICT naming them.
 */
export async function claimThread(ctx: MutationContext, threadId: number) {
  const actor = actorOf(ctx);
  const { after } = await changeThread(ctx, {
    action: 'message.thread.claim',
    threadId,
    guard: (t) => mayClaim(ctx, t, actor),
    apply: (t) => takeOwnership(ctx, t, actor),
    afterOf: (owned) => owned,
  });
  return { version: after.version };
}

/** "Next": the most urgent thread for the agent, claimed for them (null: nothing to do). */
export async function takeNextThread(ctx: MutationContext): Promise<{ threadId: number | null }> {
  const actor = actorOf(ctx);
  const id = await mostUrgentFor(ctx.db, actor.id);
  if (id === null) {
    await ctx.audit({
      action: 'message.thread.next',
      entityType: 'message_thread',
      entityId: null,
      after: { assigneeId: actor.id },
    });
    return { threadId: null };
  }
  await changeThread(ctx, {
    action: 'message.thread.next',
    threadId: id,
    guard: (t) => mayClaim(ctx, t, actor),
    apply: (t) => takeOwnership(ctx, t, actor),
    afterOf: (owned) => owned,
  });
  return { threadId: id };
}
