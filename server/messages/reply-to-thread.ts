import type { DbOrTrx } from '../../db/database.ts';
import { findCustomer } from '../../db/repositories/customers.ts';
import {
  insertAttachments,
  insertMessage,
  threadMessages,
  type MessageThread,
  type NewAttachment,
} from '../../db/repositories/messages.ts';
import { requireThread } from './load-thread.ts';
import { enqueueEmail } from '../../db/repositories/messages-outbox.ts';
import { userDisplayName } from '../../db/repositories/users.ts';
import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { NO_SLA } from '../domain/message-sla.ts';
import { nextState, type ReplyThen } from '../domain/message-state.ts';
import { attachmentsRoot, checkAttachments, storeAttachments } from './attachments.ts';
import { readSetting } from '../core/settings.ts';
import { responseNotice } from './notice.ts';
import {
  actorOf,
  assertMayWork,
  changeThread,
  conflict,
  patchThread,
  type Actor,
} from './thread-change.ts';

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
  conflict(msg('messages.staleReply'), {
    kind: 'stale',
    currentVersion: thread.version,
    state: thread.state,
    assigneeId: thread.assigneeId,
    assigneeName: await userDisplayName(db, thread.assigneeId),
    newer,
  });
}

export interface ReplyInput {
  threadId: number;
  /** The version the agent's screen showed when the draft was started (or last acknowledged). */
  expectedVersion: number;
  kind: 'reply' | 'note';
  body: string;
  then: ReplyThen;
  attachments: ReadonlyArray<{ filename: string; contentBase64: string }>;
}

/** Checks attachments (type, size, content) and stores them by content hash; their metadata. */
async function decodeAttachments(
  dataDir: string | null,
  files: ReplyInput['attachments'],
): Promise<NewAttachment[]> {
  const checked = await checkAttachments(
    files.map((f) => ({ filename: f.filename, data: Buffer.from(f.contentBase64, 'base64') })),
  );
  storeAttachments(attachmentsRoot(dataDir), checked);
  return checked.map(({ data: _data, ...meta }) => meta);
}

async function writeReply(
  ctx: MutationContext,
  thread: MessageThread,
  input: ReplyInput,
  attachments: readonly NewAttachment[],
  actor: Actor,
): Promise<{ after: MessageThread; messageId: number; emailId: number | null }> {
  const at = ctx.now.toISOString();
  const body = input.body.trim();
  if (!body)
    throw new DomainError('VALIDATION', msg('messages.writeFirst'), {
      fields: { body: msg('fields.writeMessage') },
    });
  const messageId = await insertMessage(ctx.db, {
    threadId: thread.id,
    direction: input.kind === 'note' ? 'note' : 'outbound',
    body,
    authorUserId: actor.id,
    threadVersion: thread.version + 1,
    at,
  });
  await insertAttachments(ctx.db, messageId, attachments, at);
  if (input.kind === 'note') {
    const after = await patchThread(ctx.db, thread, { lastActivityAt: at, addMessages: 1 }, at);
    return { after, messageId, emailId: null };
  }
  const state = nextState(thread.state, { type: 'reply', then: input.then });
  const after = await patchThread(
    ctx.db,
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
  const customer = await findCustomer(ctx.db, thread.customerId);
  let emailId: number | null = null;
  if (customer?.email) {
    // The one setting a reply needs (read in the transaction, like every write's decisions).
    const { lenderName } = await readSetting(ctx.db, 'identity');
    const notice = responseNotice({
      firstName: customer.firstName,
      language: customer.language,
      lenderName,
    });
    emailId = await enqueueEmail(ctx.db, {
      threadId: thread.id,
      to: customer.email,
      language: customer.language,
      subject: notice.subject,
      bodyText: notice.text,
      // In training, e-mails stay in the outbox for the class to read.
      hold: ctx.deps.databaseKind === 'training',
      at,
    });
  }
  return { after, messageId, emailId };
}

/**
 * Sends a reply (or adds an internal note) ONLY if the thread is still at the version the agent
 * saw. Otherwise: a CONFLICT whose detail lists what changed (the newer messages, state and
 * owner), so the screen can show it; the draft stays on the agent's screen.
 */
export async function replyToThread(ctx: MutationContext, input: ReplyInput) {
  const actor = actorOf(ctx);
  // A stale reply, or a reply on someone else's thread, is refused before any attachment is
  // decoded (the stale refusal first: it tells who has the thread now). An internal note is
  // how a colleague helps (staff only, no state change), so it stays open to them. All of it
  // runs in the mutation's one write transaction, so the thread checked here is the thread
  // the change is made to (`loaded`: not read again).
  const seen = await requireThread(ctx.db, input.threadId);
  await assertFresh(ctx.db, seen, input.expectedVersion);
  if (input.kind === 'reply') assertMayWork(seen, actor, 'allow');
  const attachments = await decodeAttachments(ctx.deps.dataDir, input.attachments);
  const { result } = await changeThread(ctx, {
    action: input.kind === 'note' ? 'message.note.add' : 'message.reply.send',
    threadId: input.threadId,
    loaded: seen,
    apply: (thread) => writeReply(ctx, thread, input, attachments, actor),
    afterOf: (r) => r.after,
    auditAfter: (after, r) => ({
      messageId: r.messageId,
      version: after.version,
      then: input.kind === 'reply' ? input.then : null,
      emailId: r.emailId,
      attachments: attachments.map((a) => a.sha256),
    }),
  });
  return { version: result.after.version, messageId: result.messageId, emailId: result.emailId };
}
