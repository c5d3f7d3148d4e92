import type { DbOrTrx } from '../../db/database.ts';
import { quietThreads } from '../../db/repositories/message-queue.ts';
import type { MessageThread } from '../../db/repositories/messages.ts';
import type { MutationContext } from '../core/record-change.ts';
import { addCalendarDays, instantAt, localDateOf } from '../domain/dates.ts';
import { NO_SLA } from '../domain/message-sla.ts';
import { nextState } from '../domain/message-state.ts';
import { loadMessagingConfig, topicOf, type MessagingConfig } from './config.ts';
import { patchThread } from './thread-change.ts';

/**
 * Closes threads left quiet (waiting on the customer or resolved) for their topic's quiet
 * period, in calendar days of the centre. Returns the closed threads. Used by the background
 * sweep (server/messages/background.ts), which audits them itself, and by `sweepQuietThreads`.
 */
export async function autoCloseQuiet(
  db: DbOrTrx,
  cfg: MessagingConfig,
  now: Date,
  limit = 500,
): Promise<MessageThread[]> {
  const due = await quietThreadsDue(db, cfg, now, limit);
  const at = now.toISOString();
  for (const thread of due) {
    const state = nextState(thread.state, { type: 'auto_close' });
    await patchThread(db, thread, { state, sla: NO_SLA, closedAt: at }, at);
  }
  return due;
}

/**
 * The threads the sweep would close now (quiet past their topic's period), without closing
 * them: what the supervisor's confirmation counts before "Close quiet threads now".
 */
export async function quietThreadsDue(
  db: DbOrTrx,
  cfg: MessagingConfig,
  now: Date,
  limit = 500,
): Promise<MessageThread[]> {
  const today = localDateOf(now, cfg.timeZone);
  const shortest = Math.min(...cfg.topicList.map((t) => t.autoCloseQuietDays));
  const cutoffFor = (days: number) =>
    instantAt(addCalendarDays(today, -days), 0, cfg.timeZone).toISOString();
  const candidates = await quietThreads(db, cutoffFor(shortest), limit);
  return candidates.filter(
    (thread) => thread.lastActivityAt < cutoffFor(topicOf(cfg, thread.topic).autoCloseQuietDays),
  );
}

/** What "Close quiet threads now" would close: how many, and the oldest last activity. */
export async function previewQuietSweep(db: DbOrTrx, now: Date) {
  const cfg = await loadMessagingConfig(db);
  const due = await quietThreadsDue(db, cfg, now);
  return {
    count: due.length,
    oldestActivityAt: due.reduce<string | null>(
      (min, t) => (min === null || t.lastActivityAt < min ? t.lastActivityAt : min),
      null,
    ),
  };
}

/** Supervisor or trainer: runs the auto-close sweep now (one audit record for the sweep). */
export async function sweepQuietThreads(ctx: MutationContext) {
  const cfg = await loadMessagingConfig(ctx.db);
  const closed = await autoCloseQuiet(ctx.db, cfg, ctx.now);
  await ctx.audit({
    action: 'message.sweep',
    entityType: 'message_thread',
    entityId: null,
    after: { closed: closed.map((t) => t.id) },
  });
  const events = ctx.deps.events;
  ctx.afterCommit(() => events.emit('changed', { area: 'messages' }));
  return { closed: closed.length };
}
