import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type { MessageThreadLinksTable, ThreadLinkTarget } from '../schema/index.ts';

/** The customer who wrote a thread: null for a thread with none, undefined for no such thread. */
export async function threadCustomerId(
  db: DbOrTrx,
  threadId: number,
): Promise<number | null | undefined> {
  const thread = await db
    .selectFrom('message_threads')
    .select('customer_id')
    .where('id', '=', threadId)
    .executeTakeFirst();
  return thread ? thread.customer_id : undefined;
}

export interface ThreadLink {
  id: number;
  threadId: number;
  targetType: ThreadLinkTarget;
  targetId: number;
  createdAt: string;
}

/**
 * Links a message thread to the dispute or address change it was handed off to. The target's
 * intake calls this in its own transaction when it was opened from a thread
 * (`?fromThread=ID`); linking twice is a no-op. Both sides read the link from here.
 *
 * `at` is the use case's "now" (`ctx.now`, the trainer's clock in training): a repository never
 * reads a clock.
 *
 * @example await linkThread(ctx.db, { threadId: 12, targetType: 'dispute', targetId: 7, at: ctx.now.toISOString() });
 */
export async function linkThread(
  db: DbOrTrx,
  input: { threadId: number; targetType: ThreadLinkTarget; targetId: number; at: string },
): Promise<void> {
  await db
    .insertInto('message_thread_links')
    .values({
      thread_id: input.threadId,
      target_type: input.targetType,
      target_id: input.targetId,
      created_at: input.at,
    })
    .onConflict((oc) => oc.columns(['thread_id', 'target_type', 'target_id']).doNothing())
    .execute();
}

/** Links of a thread, oldest first. */
export async function threadLinks(db: DbOrTrx, threadId: number): Promise<ThreadLink[]> {
  // SQL text, not the builder: one of the thread screen's reads (see findThreadScreen).
  const { rows } = await sql<Selectable<MessageThreadLinksTable>>`
    select id, thread_id, target_type, target_id, created_at
    from message_thread_links
    where thread_id = ${threadId}
    order by id
  `.execute(db);
  return rows.map((r) => ({
    id: r.id,
    threadId: r.thread_id,
    targetType: r.target_type,
    targetId: r.target_id,
    createdAt: r.created_at,
  }));
}

/** Threads linked to a dispute or address change (the other side of the link). */
export async function threadsLinkedTo(
  db: DbOrTrx,
  targetType: ThreadLinkTarget,
  targetId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('message_thread_links')
    .select('thread_id')
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.thread_id);
}
