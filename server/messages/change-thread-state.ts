import type { MessageThread, ThreadPatch } from '../../db/repositories/messages.ts';
import { requireThread } from './load-thread.ts';
import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { NO_SLA, pause } from '../domain/message-sla.ts';
import { nextState } from '../domain/message-state.ts';
import { loadMessagingConfig, type MessagingConfig } from './config.ts';
import {
  actorOf,
  assertMayWork,
  changeThread,
  conflict,
  patchThread,
  type Actor,
} from './thread-change.ts';

export type StateAction = 'wait' | 'resolve' | 'close' | 'reopen';

/** The patch a hand-made state change writes (the state machine refuses a move it forbids). */
function statePatch(
  cfg: MessagingConfig,
  thread: MessageThread,
  action: StateAction,
  now: Date,
  actor: Actor,
): ThreadPatch {
  const at = now.toISOString();
  const patch: ThreadPatch = {
    state: nextState(thread.state, { type: action }),
    lastActivityAt: at,
  };
  if (action === 'wait') patch.sla = pause(thread.sla, now, cfg.bh);
  if (action === 'resolve') Object.assign(patch, { sla: NO_SLA, resolvedAt: at });
  if (action === 'close') Object.assign(patch, { sla: NO_SLA, closedAt: at });
  if (action === 'reopen')
    Object.assign(patch, {
      assigneeId: thread.assigneeId ?? actor.id,
      resolvedAt: null,
      closedAt: null,
    });
  return patch;
}

/**
 * Moves a thread by hand: waiting on the customer (pauses the clock), resolved, closed,
 * reopened; only if it is still at the version the agent saw.
 */
export async function changeThreadState(
  ctx: MutationContext,
  input: { threadId: number; expectedVersion: number; action: StateAction },
) {
  const cfg = await loadMessagingConfig(ctx.db);
  const actor = actorOf(ctx);
  const { after } = await changeThread(ctx, {
    action: `message.thread.${input.action}`,
    threadId: input.threadId,
    guard: (thread) => {
      // Reopening takes an unowned thread; every other move needs it taken first (issue 21).
      assertMayWork(thread, actor, input.action === 'reopen' ? 'allow' : 'refuse');
      if (input.expectedVersion !== thread.version) {
        conflict(msg('messages.staleState'), {
          kind: 'stale',
          currentVersion: thread.version,
        });
      }
    },
    apply: (thread) =>
      patchThread(
        ctx.db,
        thread,
        statePatch(cfg, thread, input.action, ctx.now, actor),
        ctx.now.toISOString(),
      ),
    afterOf: (written) => written,
  });
  return { version: after.version };
}

/** Supervisor: closes many threads at once (spam, duplicates) with a reason; skips closed ones. */
export async function closeThreads(
  ctx: MutationContext,
  input: { threadIds: readonly number[]; reason: string },
) {
  const cfg = await loadMessagingConfig(ctx.db);
  const actor = actorOf(ctx);
  let closed = 0;
  for (const threadId of input.threadIds) {
    const thread = await requireThread(ctx.db, threadId);
    if (thread.state === 'closed') continue;
    await changeThread(ctx, {
      action: 'message.thread.close',
      threadId,
      loaded: thread,
      reason: input.reason,
      emit: false,
      apply: (t) =>
        patchThread(ctx.db, t, statePatch(cfg, t, 'close', ctx.now, actor), ctx.now.toISOString()),
      afterOf: (written) => written,
    });
    closed += 1;
  }
  if (closed === 0) throw new DomainError('CONFLICT', msg('messages.allAlreadyClosed'));
  const events = ctx.deps.events;
  ctx.afterCommit(() => events.emit('changed', { area: 'messages' }));
  return { closed };
}
