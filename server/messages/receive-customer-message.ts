import type { DbOrTrx } from '../../db/database.ts';
import { findAccount } from '../../db/repositories/accounts.ts';
import { findCustomer } from '../../db/repositories/customers.ts';
import {
  findThread,
  insertAttachments,
  insertMessage,
  insertThread,
  previewOf,
  type MessageThread,
  type NewAttachment,
} from '../../db/repositories/messages.ts';
import {
  activeLoad,
  lastQueueAssignee,
  rememberQueueAssignee,
} from '../../db/repositories/message-queue.ts';
import { availableAgentIds } from '../../db/repositories/users.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { onInbound } from '../domain/message-sla.ts';
import { nextState } from '../domain/message-state.ts';
import { topicOf, type MessagingConfig } from './config.ts';
import { patchThread } from './thread-change.ts';

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
 * Callers pass the transaction they run in and "now", and write their own audit record.
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
    throw new DomainError('NOT_FOUND', msg('common.noSuchCustomer'), {
      fields: { customerId: msg('fields.unknownCustomer') },
    });
  const text = input.text.trim();
  if (!text)
    throw new DomainError('VALIDATION', msg('messages.emptyMessage'), {
      fields: { text: msg('fields.writeMessage') },
    });

  let thread: MessageThread;
  let created = false;
  if (input.threadId !== null) {
    const found = await findThread(db, input.threadId);
    if (!found || found.customerId !== customer.id) {
      throw new DomainError('NOT_FOUND', msg('messages.noSuchConversation'), {
        fields: { threadId: msg('fields.unknownConversation') },
      });
    }
    thread = found;
  } else {
    const topic = input.topic ? cfg.topics.get(input.topic) : undefined;
    if (!topic) {
      throw new DomainError('VALIDATION', msg('messages.chooseTopic'), {
        fields: {
          topic: msg('fields.oneOf', { options: cfg.topicList.map((t) => t.id).join(', ') }),
        },
      });
    }
    if (input.accountId === null) {
      throw new DomainError('VALIDATION', msg('messages.chooseAccount'), {
        fields: { accountNumber: msg('fields.required') },
      });
    }
    const account = await findAccount(db, input.accountId);
    if (
      !account ||
      (account.holderCustomerId !== customer.id && account.coHolderCustomerId !== customer.id)
    ) {
      throw new DomainError('VALIDATION', msg('messages.notCustomersAccount'), {
        fields: { accountNumber: msg('fields.notCustomersAccount') },
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
  const current = await patchThread(
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
      await patchThread(
        db,
        current,
        { assigneeId, state: nextState(current.state, { type: 'assign' }) },
        at,
      );
      await rememberQueueAssignee(db, thread.queue, assigneeId);
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
  const agents = await availableAgentIds(db);
  if (agents.length === 0) return null;
  if (mode === 'round-robin') {
    const last = await lastQueueAssignee(db, queue);
    return agents.find((id) => last == null || id > last) ?? agents[0] ?? null;
  }
  const load = await activeLoad(db, agents);
  return [...agents].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b)[0] ?? null;
}
