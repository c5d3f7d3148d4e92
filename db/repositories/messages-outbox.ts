import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type { EmailOutboxTable, OutboxStatus } from '../schema/index.ts';

export interface OutboxEmail {
  id: number;
  threadId: number | null;
  to: string;
  language: 'en' | 'fr';
  subject: string;
  bodyText: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

function toEmail(row: Selectable<EmailOutboxTable>): OutboxEmail {
  return {
    id: row.id,
    threadId: row.thread_id,
    to: row.to_address,
    language: row.language,
    subject: row.subject,
    bodyText: row.body_text,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** Queues an e-mail: `held` (training, shown in the outbox viewer) or `pending` (to send now). */
export async function enqueueEmail(
  db: DbOrTrx,
  input: {
    threadId: number | null;
    to: string;
    language: 'en' | 'fr';
    subject: string;
    bodyText: string;
    hold: boolean;
    at: string;
  },
): Promise<number> {
  // SQL text, not the builder: every reply queues one (see messages.ts findThreadScreen).
  const status: OutboxStatus = input.hold ? 'held' : 'pending';
  const {
    rows: [row],
  } = await sql<{ id: number }>`
    insert into email_outbox (thread_id, to_address, language, subject, body_text, status,
      next_attempt_at, last_error, created_at, sent_at)
    values (${input.threadId}, ${input.to}, ${input.language}, ${input.subject},
      ${input.bodyText}, ${status}, ${input.hold ? null : input.at}, ${null}, ${input.at},
      ${null})
    returning id
  `.execute(db);
  if (!row) throw new Error('insert into email_outbox returned no id');
  return row.id;
}

/** Pending e-mails whose next attempt is due, oldest first (read only: senders claim). */
export async function dueEmails(db: DbOrTrx, now: string, limit = 20): Promise<OutboxEmail[]> {
  const rows = await db
    .selectFrom('email_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map(toEmail);
}

/**
 * Claims up to `limit` due e-mails for `claimer` and returns them: ONE UPDATE sets claimed_by /
 * claimed_at on rows that are pending, due and unclaimed (or whose claim is older than
 * `staleBefore`: its sender died). The condition is in the UPDATE itself, so of two senders
 * racing for a row exactly one gets it (SQLite: one writer at a time; PostgreSQL: the second
 * UPDATE re-checks the row after the first commits and skips it).
 */
export async function claimDueEmails(
  db: DbOrTrx,
  input: { claimer: string; now: string; staleBefore: string; limit?: number },
): Promise<OutboxEmail[]> {
  const rows = await db
    .updateTable('email_outbox')
    .set({ claimed_by: input.claimer, claimed_at: input.now })
    .where((eb) =>
      eb(
        'id',
        'in',
        eb
          .selectFrom('email_outbox')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', input.now)
          .where((w) =>
            w.or([w('claimed_at', 'is', null), w('claimed_at', '<', input.staleBefore)]),
          )
          .orderBy('next_attempt_at')
          .limit(input.limit ?? 20),
      ),
    )
    // Checked again on the row being updated: this is what makes the claim exclusive.
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', input.now)
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', input.staleBefore)]))
    .returningAll()
    .execute();
  return rows.map(toEmail).sort((a, b) => a.id - b.id);
}

/** Marks a claimed e-mail sent (only while `claimer` still holds it, when given). */
export async function markSent(
  db: DbOrTrx,
  id: number,
  at: string,
  claimer: string | null = null,
): Promise<void> {
  let q = db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: 'sent',
      sent_at: at,
      next_attempt_at: null,
      last_error: null,
      claimed_by: null,
      claimed_at: null,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending');
  if (claimer) q = q.where('claimed_by', '=', claimer);
  await q.execute();
}

/** Records a failed attempt: retry at `retryAt`, or give up (status failed) when null. */
export async function markAttemptFailed(
  db: DbOrTrx,
  id: number,
  error: string,
  retryAt: string | null,
): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 500),
      status: retryAt ? 'pending' : 'failed',
      next_attempt_at: retryAt,
      // Released: the next due attempt may be made by any sender.
      claimed_by: null,
      claimed_at: null,
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** The outbox, newest first (keyset paging on id). */
export async function listOutbox(
  db: DbOrTrx,
  options: {
    status?: OutboxStatus | null;
    threadId?: number | null;
    beforeId?: number | null;
    limit?: number;
  },
): Promise<OutboxEmail[]> {
  let q = db
    .selectFrom('email_outbox')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(options.limit ?? 50);
  if (options.status) q = q.where('status', '=', options.status);
  if (options.threadId) q = q.where('thread_id', '=', options.threadId);
  if (options.beforeId) q = q.where('id', '<', options.beforeId);
  return (await q.execute()).map(toEmail);
}
