import { ownershipBlocker } from '../domain/ownership.ts';
import type { DbOrTrx } from '../../db/database.ts';
import {
  updateThread,
  type MessageThread,
  type ThreadPatch,
} from '../../db/repositories/messages.ts';
import { requireThread } from './load-thread.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import type { ServerMessage } from '../domain/shared/server-messages.ts';

/** Who is acting on a thread (the signed-in staff member). */
export interface Actor {
  id: number;
  displayName: string;
  role: 'agent' | 'supervisor' | 'trainer' | 'admin';
}

export function actorOf(ctx: MutationContext): Actor {
  return { id: ctx.user.id, displayName: ctx.user.displayName, role: ctx.user.role };
}

/**
 * Refuses (FORBIDDEN) an action on a thread someone else has (issue 21): only its owner or a
 * supervisor may reply to or move it. `unowned: 'allow'` for the actions that take an unowned
 * thread (a reply, a reopen); the others need it claimed first.
 */
export function assertMayWork(
  thread: MessageThread,
  actor: Actor,
  unowned: 'allow' | 'refuse',
): void {
  const blocker = ownershipBlocker(actor, thread.assigneeId, { what: 'thread', unowned });
  if (blocker) {
    throw new DomainError('FORBIDDEN', blocker, {
      detail: { kind: 'not-owner', assigneeId: thread.assigneeId },
    });
  }
}

/** What of a thread its audit records keep. */
export function brief(t: MessageThread) {
  return { state: t.state, assigneeId: t.assigneeId, version: t.version };
}

export function conflict(message: ServerMessage, detail?: unknown): never {
  throw new DomainError('CONFLICT', message, detail === undefined ? {} : { detail });
}

/**
 * Writes a patch only if the thread is still at the version it was read at; the thread as
 * written (its new version included).
 */
export async function patchThread(
  db: DbOrTrx,
  thread: MessageThread,
  patch: ThreadPatch,
  at: string,
): Promise<MessageThread> {
  const written = await updateThread(db, thread.id, thread.version, patch, at);
  if (written === null) conflict(msg('messages.threadChangedWhileSaving'));
  return written;
}

/**
 * One audited change of one thread (server/core/record-change.ts): loads it, runs the guard,
 * applies, audits its state/owner/version before and after, and emits `messages` for it.
 */
export function changeThread<Result>(
  ctx: MutationContext,
  spec: {
    action: string;
    threadId: number;
    /**
     * The thread as the use case already read it in this transaction (its checks done on it):
     * not read again. Default: read here.
     */
    loaded?: MessageThread;
    guard?: (thread: MessageThread) => void | Promise<void>;
    apply: (thread: MessageThread) => Promise<Result>;
    /** The thread as `apply` wrote it (patchThread's answer); default: read again. */
    afterOf?: (result: Result) => MessageThread;
    auditAfter?: (after: MessageThread, result: Result) => unknown;
    reason?: string | null;
    emit?: boolean;
  },
) {
  // The use case's read stands for the first load only: a load after `apply` reads again.
  let loaded = spec.loaded;
  const load = () => {
    const thread = loaded;
    loaded = undefined;
    return thread ? Promise.resolve(thread) : requireThread(ctx.db, spec.threadId);
  };
  return recordChange(ctx, {
    action: spec.action,
    entityType: 'message_thread',
    area: 'messages',
    entityId: spec.threadId,
    load,
    ...(spec.guard ? { guard: spec.guard } : {}),
    apply: spec.apply,
    ...(spec.afterOf ? { afterOf: spec.afterOf } : {}),
    auditView: brief,
    ...(spec.auditAfter ? { auditAfter: spec.auditAfter } : {}),
    reason: spec.reason ?? null,
    ...(spec.emit === undefined ? {} : { emit: spec.emit }),
  });
}
