import type { DbOrTrx } from '../../db/database.ts';
import { loadCalendar } from '../../db/repositories/calendar.ts';
import { findCustomer } from '../../db/repositories/customers.ts';
import {
  activeLoad,
  findThread,
  insertAttachments,
  insertMessage,
  insertThread,
  mostUrgentFor,
  previewOf,
  quietThreads,
  requireThread,
  threadMessages,
  updateThread,
  type MessageThread,
  type NewAttachment,
  type ThreadPatch,
} from '../../db/repositories/messages.ts';
import { enqueueEmail } from '../../db/repositories/messages-outbox.ts';
import { readSettings } from '../../db/repositories/settings.ts';
import type { BusinessHours } from '../domain/business-hours.ts';
import { addCalendarDays, instantAt, localDateOf } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import type { Settings } from '../domain/lender-config.ts';
import { NO_SLA, onInbound, pause, slaStatus, type SlaStatus } from '../domain/message-sla.ts';
import { nextState, type ReplyThen, type ThreadEvent } from '../domain/message-state.ts';
import { responseNotice } from './notice.ts';

/**
 * The secure-message workflow over the repositories: every change of a thread goes through
 * here (the tRPC router, the portal intake, the training simulator and the auto-close sweep),
 * so the state machine, the SLA clock and the version bump are applied the same way everywhere.
 * Callers pass the transaction they run in and "now"; nothing here opens a transaction.
 */
export type Topic = Settings['messageTopics'][number];

export interface MessagingConfig {
  topics: ReadonlyMap<string, Topic>;
  topicList: readonly Topic[];
  assignment: Settings['messageAssignment'];
  bh: BusinessHours;
  lenderName: string;
  timeZone: string;
}

export async function loadMessagingConfig(db: DbOrTrx): Promise<MessagingConfig> {
  const [settings, calendar] = await Promise.all([readSettings(db), loadCalendar(db)]);
  return {
    topics: new Map(settings.messageTopics.map((t) => [t.id, t])),
    topicList: settings.messageTopics,
    assignment: settings.messageAssignment,
    bh: { hours: settings.hours, timeZone: settings.identity.timeZone, calendar },
    lenderName: settings.identity.lenderName,
    timeZone: settings.identity.timeZone,
  };
}

/** Targets of a topic; an unknown (since removed) topic falls back to 'other' or the first. */
export function topicOf(cfg: MessagingConfig, id: string): Topic {
  const topic = cfg.topics.get(id) ?? cfg.topics.get('other') ?? cfg.topicList[0];
  if (!topic) throw new Error('No message topics configured');
  return topic;
}

export function statusOf(
  cfg: MessagingConfig,
  thread: Pick<MessageThread, 'topic' | 'sla'>,
  now: Date,
): SlaStatus {
  return slaStatus(thread.sla, now, topicOf(cfg, thread.topic), cfg.bh);
}

function conflict(message: string, detail?: unknown): never {
  throw new DomainError('CONFLICT', message, detail === undefined ? {} : { detail });
}

async function apply(
  db: DbOrTrx,
  thread: MessageThread,
  patch: ThreadPatch,
  at: string,
): Promise<number> {
  const version = await updateThread(db, thread.id, thread.version, patch, at);
  if (version === null) conflict('This thread changed while it was being saved. Please try again.');
  return version;
}

// ---------------------------------------------------------------------------------- intake

export interface IncomingMessage {
  customerId: number;
  /** Required for a new thread; a reply keeps the thread's account. */
  accountId: number | null;
  topic: string | null;
  /** A customer reply to an existing thread. */
  threadId: number | null;
  text: string;
  attachments: readonly NewAttachment[];
}

/**
 * A customer message from the portal (or the simulator): a new thread, or a reply that
 * reopens its thread. Validates ownership (the account and the thread must be the
 * customer's); starts or resumes the response clock; auto-assigns when the queue says so.
 */
export async function receiveCustomerMessage(
  db: DbOrTrx,
  cfg: MessagingConfig,
  now: Date,
  input: IncomingMessage,
): Promise<{ threadId: number; messageId: number; created: boolean; assigneeId: number | null }> {
  const at = now.toISOString();
  const customer = await findCustomer(db, input.customerId);
  if (!customer)
    throw new DomainError('NOT_FOUND', 'No such customer.', {
      fields: { customerId: 'Unknown customer' },
    });
  const text = input.text.trim();
  if (!text)
    throw new DomainError('VALIDATION', 'The message is empty.', {
      fields: { text: 'Write a message' },
    });

  let thread: MessageThread;
  let created = false;
  if (input.threadId !== null) {
    const found = await findThread(db, input.threadId);
    if (!found || found.customerId !== customer.id) {
      throw new DomainError('NOT_FOUND', 'No such conversation for this customer.', {
        fields: { threadId: 'Unknown conversation' },
      });
    }
    thread = found;
  } else {
    const topic = input.topic ? cfg.topics.get(input.topic) : undefined;
    if (!topic) {
      throw new DomainError('VALIDATION', 'Choose one of the topics.', {
        fields: { topic: `One of: ${cfg.topicList.map((t) => t.id).join(', ')}` },
      });
    }
    if (input.accountId === null) {
      throw new DomainError('VALIDATION', 'Choose the account the message is about.', {
        fields: { accountNumber: 'Required' },
      });
    }
    const account = await db
      .selectFrom('accounts')
      .select(['id', 'holder_customer_id', 'co_holder_customer_id'])
      .where('id', '=', input.accountId)
      .executeTakeFirst();
    if (
      !account ||
      (account.holder_customer_id !== customer.id && account.co_holder_customer_id !== customer.id)
    ) {
      throw new DomainError('VALIDATION', 'That account does not belong to this customer.', {
        fields: { accountNumber: 'Not an account of this customer' },
      });
    }
    thread = await insertThread(db, {
      customerId: customer.id,
      accountId: account.id,
      topic: topic.id,
      queue: topic.queue,
      preview: previewOf(text),
      at,
    });
    created = true;
  }

  const topic = topicOf(cfg, thread.topic);
  const messageId = await insertMessage(db, {
    threadId: thread.id,
    direction: 'inbound',
    body: text,
    authorUserId: null,
    threadVersion: thread.version + 1,
    at,
  });
  await insertAttachments(db, messageId, input.attachments, at);
  await apply(
    db,
    thread,
    {
      state: nextState(thread.state, { type: 'inbound', assigned: thread.assigneeId !== null }),
      preview: previewOf(text),
      sla: onInbound(thread.sla, now, thread.firstResponseAt !== null, topic, cfg.bh),
      lastInboundAt: at,
      lastActivityAt: at,
      resolvedAt: null,
      closedAt: null,
      addMessages: 1,
    },
    at,
  );
  let assigneeId = thread.assigneeId;
  if (assigneeId === null && cfg.assignment.autoAssignQueues.includes(thread.queue)) {
    assigneeId = await pickAgent(db, thread.queue, cfg.assignment.mode);
    if (assigneeId !== null) {
      const current = await requireThread(db, thread.id);
      await apply(
        db,
        current,
        { assigneeId, state: nextState(current.state, { type: 'assign' }) },
        at,
      );
      await db
        .insertInto('message_queue_state')
        .values({ queue: thread.queue, last_assignee_id: assigneeId })
        .onConflict((oc) => oc.column('queue').doUpdateSet({ last_assignee_id: assigneeId }))
        .execute();
    }
  }
  return { threadId: thread.id, messageId, created, assigneeId };
}

/** An available, active agent for a queue: round-robin after the last one, or least loaded. */
export async function pickAgent(
  db: DbOrTrx,
  queue: string,
  mode: 'round-robin' | 'least-loaded',
): Promise<number | null> {
  const agents = (
    await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'agent')
      .where('active', '=', 1)
      .where('available', '=', 1)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  if (agents.length === 0) return null;
  if (mode === 'round-robin') {
    const last = (
      await db
        .selectFrom('message_queue_state')
        .select('last_assignee_id')
        .where('queue', '=', queue)
        .executeTakeFirst()
    )?.last_assignee_id;
    return agents.find((id) => last == null || id > last) ?? agents[0] ?? null;
  }
  const load = await activeLoad(db, agents);
  return [...agents].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b)[0] ?? null;
}

// ------------------------------------------------------------------------------ ownership

export interface Actor {
  id: number;
  displayName: string;
  role: 'agent' | 'supervisor' | 'trainer' | 'admin';
}

async function nameOf(db: DbOrTrx, userId: number | null): Promise<string | null> {
  if (userId === null) return null;
  return (
    (
      await db
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', userId)
        .executeTakeFirst()
    )?.display_name ?? null
  );
}

/**
 * Takes an unowned thread. Exactly one of many simultaneous claims wins: each runs in its own
 * write transaction, and the loser finds an owner and gets a CONFLICT naming them.
 */
export async function claimThread(
  db: DbOrTrx,
  now: Date,
  threadId: number,
  actor: Actor,
): Promise<{ before: MessageThread; version: number }> {
  const thread = await requireThread(db, threadId);
  if (thread.assigneeId === actor.id) return { before: thread, version: thread.version };
  if (thread.assigneeId !== null) {
    const owner = await nameOf(db, thread.assigneeId);
    conflict(`${owner ?? 'Another agent'} already has this thread.`, {
      assigneeId: thread.assigneeId,
      assigneeName: owner,
    });
  }
  const version = await apply(
    db,
    thread,
    { assigneeId: actor.id, state: nextState(thread.state, { type: 'claim' }) },
    now.toISOString(),
  );
  return { before: thread, version };
}

/** Gives a thread to a staff member (supervisor, bulk). */
export async function assignThread(
  db: DbOrTrx,
  now: Date,
  threadId: number,
  userId: number,
): Promise<{ before: MessageThread; version: number }> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.active !== 1)
    throw new DomainError('VALIDATION', 'Assign to an active staff member.', {
      fields: { userId: 'Not an active user' },
    });
  const thread = await requireThread(db, threadId);
  if (thread.assigneeId === userId) return { before: thread, version: thread.version };
  const version = await apply(
    db,
    thread,
    { assigneeId: userId, state: nextState(thread.state, { type: 'assign' }) },
    now.toISOString(),
  );
  return { before: thread, version };
}

/** Puts a thread back in the unassigned queue (its owner, or a supervisor). */
export async function releaseThread(
  db: DbOrTrx,
  now: Date,
  threadId: number,
  actor: Actor,
): Promise<{ before: MessageThread; version: number }> {
  const thread = await requireThread(db, threadId);
  if (thread.assigneeId === null) conflict('Nobody has this thread.');
  if (thread.assigneeId !== actor.id && actor.role !== 'supervisor' && actor.role !== 'admin') {
    throw new DomainError('FORBIDDEN', 'Only its owner or a supervisor can release this thread.');
  }
  const version = await apply(
    db,
    thread,
    { assigneeId: null, state: nextState(thread.state, { type: 'release' }) },
    now.toISOString(),
  );
  return { before: thread, version };
}

/** "Next": the most urgent thread for the agent, claimed for them (null: nothing to do). */
export async function takeNext(db: DbOrTrx, now: Date, actor: Actor): Promise<number | null> {
  const id = await mostUrgentFor(db, actor.id);
  if (id === null) return null;
  await claimThread(db, now, id, actor);
  return id;
}

// --------------------------------------------------------------------------------- replies

/**
 * Refuses (CONFLICT, kind 'stale') when the thread moved past the version the agent saw; the
 * detail carries the newer messages, state and owner so the screen can show the change.
 */
export async function assertFresh(
  db: DbOrTrx,
  thread: MessageThread,
  expectedVersion: number,
): Promise<void> {
  if (thread.version === expectedVersion) return;
  const newer = await threadMessages(db, thread.id, expectedVersion);
  conflict(
    'This thread changed since you opened it. Read what is new, then send again: your draft is kept.',
    {
      kind: 'stale',
      currentVersion: thread.version,
      state: thread.state,
      assigneeId: thread.assigneeId,
      assigneeName: await nameOf(db, thread.assigneeId),
      newer,
    },
  );
}

export interface ReplyInput {
  threadId: number;
  /** The version the agent's screen showed when the draft was started (or last acknowledged). */
  expectedVersion: number;
  kind: 'reply' | 'note';
  body: string;
  then: ReplyThen;
  attachments: readonly NewAttachment[];
}

/**
 * Sends a reply (or adds an internal note) ONLY if the thread is still at the version the agent
 * saw. Otherwise: a CONFLICT whose detail lists what changed (the newer messages, state and
 * owner), so the screen can show it; the draft stays on the agent's screen.
 */
export async function replyToThread(
  db: DbOrTrx,
  cfg: MessagingConfig,
  now: Date,
  input: ReplyInput,
  actor: Actor,
  options: { holdEmail: boolean },
): Promise<{ before: MessageThread; version: number; messageId: number; emailId: number | null }> {
  const at = now.toISOString();
  const thread = await requireThread(db, input.threadId);
  await assertFresh(db, thread, input.expectedVersion);
  const body = input.body.trim();
  if (!body)
    throw new DomainError('VALIDATION', 'Write a message first.', { fields: { body: 'Empty' } });
  const messageId = await insertMessage(db, {
    threadId: thread.id,
    direction: input.kind === 'note' ? 'note' : 'outbound',
    body,
    authorUserId: actor.id,
    threadVersion: thread.version + 1,
    at,
  });
  await insertAttachments(db, messageId, input.attachments, at);
  if (input.kind === 'note') {
    const version = await apply(db, thread, { lastActivityAt: at, addMessages: 1 }, at);
    return { before: thread, version, messageId, emailId: null };
  }
  const state = nextState(thread.state, { type: 'reply', then: input.then });
  const version = await apply(
    db,
    thread,
    {
      state,
      assigneeId: thread.assigneeId ?? actor.id,
      sla: NO_SLA,
      firstResponseAt: thread.firstResponseAt ?? at,
      lastOutboundAt: at,
      lastActivityAt: at,
      resolvedAt: state === 'resolved' ? at : null,
      addMessages: 1,
    },
    at,
  );
  const customer = await findCustomer(db, thread.customerId);
  let emailId: number | null = null;
  if (customer?.email) {
    const notice = responseNotice({
      firstName: customer.firstName,
      language: customer.language,
      lenderName: cfg.lenderName,
    });
    emailId = await enqueueEmail(db, {
      threadId: thread.id,
      to: customer.email,
      language: customer.language,
      subject: notice.subject,
      bodyText: notice.text,
      hold: options.holdEmail,
      at,
    });
  }
  return { before: thread, version, messageId, emailId };
}

export type StateAction = 'wait' | 'resolve' | 'close' | 'reopen';

/** Moves a thread by hand: waiting on the customer (pauses the clock), resolved, closed, reopened. */
export async function changeState(
  db: DbOrTrx,
  cfg: MessagingConfig,
  now: Date,
  input: { threadId: number; expectedVersion: number | null; action: StateAction },
  actor: Actor,
): Promise<{ before: MessageThread; version: number }> {
  const at = now.toISOString();
  const thread = await requireThread(db, input.threadId);
  if (input.expectedVersion !== null && input.expectedVersion !== thread.version) {
    conflict('This thread changed since you opened it. Look at what is new first.', {
      kind: 'stale',
      currentVersion: thread.version,
    });
  }
  const event: ThreadEvent = { type: input.action };
  const state = nextState(thread.state, event);
  const patch: ThreadPatch = { state, lastActivityAt: at };
  if (input.action === 'wait') patch.sla = pause(thread.sla, now, cfg.bh);
  if (input.action === 'resolve') Object.assign(patch, { sla: NO_SLA, resolvedAt: at });
  if (input.action === 'close') Object.assign(patch, { sla: NO_SLA, closedAt: at });
  if (input.action === 'reopen')
    Object.assign(patch, {
      assigneeId: thread.assigneeId ?? actor.id,
      resolvedAt: null,
      closedAt: null,
    });
  const version = await apply(db, thread, patch, at);
  return { before: thread, version };
}

/**
 * Closes threads left quiet (waiting on the customer or resolved) for their topic's quiet
 * period, in calendar days of the centre. Returns the closed threads.
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
    await apply(db, thread, { state, sla: NO_SLA, closedAt: at }, at);
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
