import { sql, type Selectable } from 'kysely';
import type { SlaClock } from '../../server/domain/message-sla.ts';
import type { DbOrTrx } from '../database.ts';
import type {
  AttachmentMime,
  MessageDirection,
  MessageThreadsTable,
  ThreadStateName,
} from '../schema/index.ts';

/** A thread as the desk sees it. */
export interface MessageThread {
  id: number;
  customerId: number;
  accountId: number | null;
  topic: string;
  queue: string;
  state: ThreadStateName;
  assigneeId: number | null;
  version: number;
  preview: string;
  messageCount: number;
  sla: SlaClock;
  firstResponseAt: string | null;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  lastActivityAt: string;
  createdAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface ThreadMessage {
  id: number;
  threadId: number;
  direction: MessageDirection;
  body: string;
  authorUserId: number | null;
  authorName: string | null;
  threadVersion: number;
  createdAt: string;
  attachments: AttachmentInfo[];
}

export interface AttachmentInfo {
  id: number;
  messageId: number;
  filename: string;
  mimeType: AttachmentMime;
  sizeBytes: number;
  sha256: string;
}

export function toThread(row: Selectable<MessageThreadsTable>): MessageThread {
  return {
    id: row.id,
    customerId: row.customer_id,
    accountId: row.account_id,
    topic: row.topic,
    queue: row.queue,
    state: row.state,
    assigneeId: row.assignee_id,
    version: row.version,
    preview: row.preview,
    messageCount: row.message_count,
    sla: {
      kind: row.sla_kind,
      consumedMinutes: row.sla_consumed_minutes,
      runningSince: row.sla_running_since,
      dueAt: row.sla_due_at,
    },
    firstResponseAt: row.first_response_at,
    lastInboundAt: row.last_inbound_at,
    lastOutboundAt: row.last_outbound_at,
    lastActivityAt: row.last_activity_at,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
  };
}

/** SQL text (every thread mutation reads its thread; see findThreadScreen on the builder). */
export async function findThread(db: DbOrTrx, id: number): Promise<MessageThread | null> {
  const {
    rows: [row],
  } = await sql<Selectable<MessageThreadsTable>>`
    select * from message_threads where id = ${id}
  `.execute(db);
  return row ? toThread(row) : null;
}

/** A thread as its screen opens it: the thread, who holds it and who wrote it, in one read. */
export interface ThreadScreenRow {
  thread: Pick<
    MessageThread,
    'id' | 'customerId' | 'accountId' | 'topic' | 'state' | 'assigneeId' | 'version' | 'sla'
  >;
  assigneeName: string | null;
  customer: {
    id: number;
    displayName: string;
    language: 'en' | 'fr';
    email: string | null;
  } | null;
}

/**
 * The thread with its holder's name and its customer's name, language and e-mail, in one
 * statement (the thread screen's header and customer panel); null when there is no such thread.
 * The names are scalar subqueries, not joins: SQLite re-plans a join whose WHERE has a bound
 * parameter on every run (≈ 20 µs here), a primary-key subquery is not re-planned. Written as
 * SQL text, not with the query builder: the screen's reads are the hottest of the desk, and
 * building + compiling a statement with the builder costs ≈ 8 µs each time, the text 0.5 µs.
 */
export async function findThreadScreen(db: DbOrTrx, id: number): Promise<ThreadScreenRow | null> {
  const {
    rows: [row],
  } = await sql<{
    id: number;
    customer_id: number;
    account_id: number | null;
    topic: string;
    state: ThreadStateName;
    assignee_id: number | null;
    version: number;
    sla_kind: SlaClock['kind'];
    sla_consumed_minutes: number;
    sla_running_since: string | null;
    sla_due_at: string | null;
    assignee_name: string | null;
    customer_name: string | null;
    customer_language: 'en' | 'fr' | null;
    customer_email: string | null;
  }>`
    select t.id, t.customer_id, t.account_id, t.topic, t.state, t.assignee_id, t.version,
      t.sla_kind, t.sla_consumed_minutes, t.sla_running_since, t.sla_due_at,
      (select u.display_name from users u where u.id = t.assignee_id) as assignee_name,
      (select coalesce(c.business_name, c.first_name || ' ' || c.last_name)
        from customers c where c.id = t.customer_id) as customer_name,
      (select c.language from customers c where c.id = t.customer_id) as customer_language,
      (select c.email from customers c where c.id = t.customer_id) as customer_email
    from message_threads t
    where t.id = ${id}
  `.execute(db);
  if (!row) return null;
  return {
    thread: {
      id: row.id,
      customerId: row.customer_id,
      accountId: row.account_id,
      topic: row.topic,
      state: row.state,
      assigneeId: row.assignee_id,
      version: row.version,
      sla: {
        kind: row.sla_kind,
        consumedMinutes: row.sla_consumed_minutes,
        runningSince: row.sla_running_since,
        dueAt: row.sla_due_at,
      },
    },
    assigneeName: row.assignee_name,
    customer:
      row.customer_name === null
        ? null
        : {
            id: row.customer_id,
            displayName: row.customer_name,
            language: row.customer_language ?? 'en',
            email: row.customer_email,
          },
  };
}

/** Preview text of a message for the queue: one line, at most 140 characters. */
export function previewOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

export interface NewThread {
  customerId: number;
  accountId: number | null;
  topic: string;
  queue: string;
  preview: string;
  at: string;
}

/** Inserts an empty thread in state `new` (its first message follows in the same transaction). */
export async function insertThread(db: DbOrTrx, input: NewThread): Promise<MessageThread> {
  const row = await db
    .insertInto('message_threads')
    .values({
      customer_id: input.customerId,
      account_id: input.accountId,
      topic: input.topic,
      queue: input.queue,
      state: 'new',
      assignee_id: null,
      preview: input.preview,
      sla_kind: null,
      sla_running_since: null,
      sla_due_at: null,
      first_response_at: null,
      last_inbound_at: null,
      last_outbound_at: null,
      last_activity_at: input.at,
      created_at: input.at,
      updated_at: input.at,
      resolved_at: null,
      closed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toThread(row);
}

export interface ThreadPatch {
  state?: ThreadStateName;
  assigneeId?: number | null;
  preview?: string;
  sla?: SlaClock;
  firstResponseAt?: string | null;
  lastInboundAt?: string;
  lastOutboundAt?: string;
  lastActivityAt?: string;
  resolvedAt?: string | null;
  closedAt?: string | null;
  addMessages?: number;
}

/**
 * Applies a change and bumps the version, only if the thread is still at `expectedVersion`
 * (the optimistic check). Returns the thread as written (new version included, so the caller
 * need not read it again), or null when someone changed it first. SQL text, not the builder
 * (every thread mutation runs it; see findThreadScreen).
 */
export async function updateThread(
  db: DbOrTrx,
  id: number,
  expectedVersion: number,
  patch: ThreadPatch,
  at: string,
): Promise<MessageThread | null> {
  const sets = [sql`version = version + 1`, sql`updated_at = ${at}`];
  if (patch.state !== undefined) sets.push(sql`state = ${patch.state}`);
  if (patch.assigneeId !== undefined) sets.push(sql`assignee_id = ${patch.assigneeId}`);
  if (patch.preview !== undefined) sets.push(sql`preview = ${patch.preview}`);
  if (patch.sla !== undefined) {
    sets.push(
      sql`sla_kind = ${patch.sla.kind}`,
      sql`sla_consumed_minutes = ${patch.sla.consumedMinutes}`,
      sql`sla_running_since = ${patch.sla.runningSince}`,
      sql`sla_due_at = ${patch.sla.dueAt}`,
    );
  }
  if (patch.firstResponseAt !== undefined)
    sets.push(sql`first_response_at = ${patch.firstResponseAt}`);
  if (patch.lastInboundAt !== undefined) sets.push(sql`last_inbound_at = ${patch.lastInboundAt}`);
  if (patch.lastOutboundAt !== undefined)
    sets.push(sql`last_outbound_at = ${patch.lastOutboundAt}`);
  if (patch.lastActivityAt !== undefined)
    sets.push(sql`last_activity_at = ${patch.lastActivityAt}`);
  if (patch.resolvedAt !== undefined) sets.push(sql`resolved_at = ${patch.resolvedAt}`);
  if (patch.closedAt !== undefined) sets.push(sql`closed_at = ${patch.closedAt}`);
  if (patch.addMessages) sets.push(sql`message_count = message_count + ${patch.addMessages}`);
  const {
    rows: [row],
  } = await sql<Selectable<MessageThreadsTable>>`
    update message_threads set ${sql.join(sets)}
    where id = ${id} and version = ${expectedVersion}
    returning *
  `.execute(db);
  return row ? toThread(row) : null;
}

export async function insertMessage(
  db: DbOrTrx,
  input: {
    threadId: number;
    direction: MessageDirection;
    body: string;
    authorUserId: number | null;
    threadVersion: number;
    at: string;
  },
): Promise<number> {
  // SQL text, not the builder: every reply and customer message runs it (see findThreadScreen).
  const {
    rows: [row],
  } = await sql<{ id: number }>`
    insert into messages (thread_id, direction, body, author_user_id, thread_version, created_at)
    values (${input.threadId}, ${input.direction}, ${input.body}, ${input.authorUserId},
      ${input.threadVersion}, ${input.at})
    returning id
  `.execute(db);
  if (!row) throw new Error('insert into messages returned no id');
  return row.id;
}

export interface NewAttachment {
  filename: string;
  mimeType: AttachmentMime;
  sizeBytes: number;
  sha256: string;
}

export async function insertAttachments(
  db: DbOrTrx,
  messageId: number,
  files: readonly NewAttachment[],
  at: string,
): Promise<void> {
  if (files.length === 0) return;
  await db
    .insertInto('message_attachments')
    .values(
      files.map((f) => ({
        message_id: messageId,
        filename: f.filename,
        mime_type: f.mimeType,
        size_bytes: f.sizeBytes,
        sha256: f.sha256,
        created_at: at,
      })),
    )
    .execute();
}

export async function findAttachment(db: DbOrTrx, id: number): Promise<AttachmentInfo | null> {
  const row = await db
    .selectFrom('message_attachments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        messageId: row.message_id,
        filename: row.filename,
        mimeType: row.mime_type,
        sizeBytes: row.size_bytes,
        sha256: row.sha256,
      }
    : null;
}

/** One message as the conversation on the thread screen shows it. */
export interface ConversationMessage {
  id: number;
  direction: MessageDirection;
  body: string;
  authorName: string | null;
  threadVersion: number;
  createdAt: string;
  attachments: Array<{ id: number; filename: string; sizeBytes: number }>;
}

/**
 * The conversation of a thread, oldest first: each message with its author's name and its
 * attachments' names and sizes (what the screen lists; the file itself is fetched by id).
 */
export async function threadConversation(
  db: DbOrTrx,
  threadId: number,
): Promise<ConversationMessage[]> {
  // A subquery, not a join (see findThreadScreen).
  const [{ rows }, { rows: files }] = await Promise.all([
    sql<{
      id: number;
      direction: MessageDirection;
      body: string;
      thread_version: number;
      created_at: string;
      display_name: string | null;
    }>`
      select m.id, m.direction, m.body, m.thread_version, m.created_at,
        (select u.display_name from users u where u.id = m.author_user_id) as display_name
      from messages m
      where m.thread_id = ${threadId}
      order by m.id
    `.execute(db),
    sql<{ id: number; message_id: number; filename: string; size_bytes: number }>`
      select a.id, a.message_id, a.filename, a.size_bytes
      from message_attachments a
      where a.message_id in (select m.id from messages m where m.thread_id = ${threadId})
      order by a.id
    `.execute(db),
  ]);
  const byMessage = new Map<number, ConversationMessage['attachments']>();
  for (const f of files) {
    const list = byMessage.get(f.message_id);
    const file = { id: f.id, filename: f.filename, sizeBytes: f.size_bytes };
    if (list) list.push(file);
    else byMessage.set(f.message_id, [file]);
  }
  return rows.map((r) => ({
    id: r.id,
    direction: r.direction,
    body: r.body,
    authorName: r.display_name,
    threadVersion: r.thread_version,
    createdAt: r.created_at,
    attachments: byMessage.get(r.id) ?? [],
  }));
}

/** Messages of a thread, oldest first, with their attachments (optionally only newer than a version). */
export async function threadMessages(
  db: DbOrTrx,
  threadId: number,
  afterVersion = 0,
): Promise<ThreadMessage[]> {
  const rows = await db
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select([
      'm.id',
      'm.thread_id',
      'm.direction',
      'm.body',
      'm.author_user_id',
      'm.thread_version',
      'm.created_at',
      'u.display_name',
    ])
    .where('m.thread_id', '=', threadId)
    .where('m.thread_version', '>', afterVersion)
    .orderBy('m.id')
    .execute();
  const ids = rows.map((r) => r.id);
  const files = ids.length
    ? await db
        .selectFrom('message_attachments')
        .selectAll()
        .where('message_id', 'in', ids)
        .orderBy('id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    threadId: r.thread_id,
    direction: r.direction,
    body: r.body,
    authorUserId: r.author_user_id,
    authorName: r.display_name,
    threadVersion: r.thread_version,
    createdAt: r.created_at,
    attachments: files
      .filter((f) => f.message_id === r.id)
      .map((f) => ({
        id: f.id,
        messageId: f.message_id,
        filename: f.filename,
        mimeType: f.mime_type,
        sizeBytes: f.size_bytes,
        sha256: f.sha256,
      })),
  }));
}
