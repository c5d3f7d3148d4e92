import { insertThread, previewOf } from '../../db/repositories/messages.ts';
import { requireThread } from '../messages/load-thread.ts';
import type { MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor } from '../domain/call-rules.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { loadMessagingConfig, topicOf } from '../messages/config.ts';
import { replyToThread } from '../messages/reply-to-thread.ts';
import { linkToCall } from './link-to-call.ts';
import { accountOfCallCustomer, callCustomerId, factsOf, requireCall } from './shared.ts';

export type SecureMessageInput = {
  callId: number;
  body: string;
  then: 'wait' | 'resolve' | 'open';
} & (
  | { threadId: number; expectedVersion: number }
  | { threadId: null; topic: string; accountId: number | null }
);

/**
 * A secure message to the caller's Message Center, sent from the call: a reply on one of their
 * threads, or a new thread the agent starts. Both go through the messages area's one reply use
 * case (replyToThread: freshness, ownership, state, the "a response is waiting" e-mail), and the
 * call records it ('secure_message', pointing at the thread), so it shows on the call and on
 * the customer's timeline. The message goes to the customer's authenticated inbox, not to the
 * voice on the phone, so it needs no verified caller; the thread must be the call customer's.
 */
export async function sendSecureMessage(ctx: MutationContext, input: SecureMessageInput) {
  const call = await requireCall(ctx.db, input.callId);
  assertCallOpenFor(factsOf(call), ctx.user.id);
  const customerId = callCustomerId(call);
  let threadId: number;
  let expectedVersion: number;
  let created = false;
  if (input.threadId !== null) {
    const thread = await requireThread(ctx.db, input.threadId);
    if (thread.customerId !== customerId)
      throw new DomainError('VALIDATION', msg('calls.anotherCustomersThread'), {
        fields: { threadId: msg('calls.fieldAnotherCustomersThread') },
      });
    threadId = thread.id;
    expectedVersion = input.expectedVersion;
  } else {
    const cfg = await loadMessagingConfig(ctx.db);
    if (!cfg.topics.has(input.topic))
      throw new DomainError('VALIDATION', msg('calls.pickTopic'), {
        fields: { topic: msg('calls.fieldUnknownTopic') },
      });
    if (input.accountId !== null) await accountOfCallCustomer(ctx.db, call, input.accountId);
    const topic = topicOf(cfg, input.topic);
    const thread = await insertThread(ctx.db, {
      customerId,
      accountId: input.accountId,
      topic: topic.id,
      queue: topic.queue,
      preview: previewOf(input.body),
      at: ctx.now.toISOString(),
    });
    threadId = thread.id;
    expectedVersion = thread.version;
    created = true;
    await ctx.audit({
      action: 'message.thread.start-from-call',
      entityType: 'message_thread',
      entityId: thread.id,
      after: { customerId, accountId: input.accountId, topic: topic.id, callId: call.id },
    });
  }
  const sent = await replyToThread(ctx, {
    threadId,
    expectedVersion,
    kind: 'reply',
    body: input.body,
    then: input.then,
    attachments: [],
  });
  await linkToCall(ctx, {
    callId: call.id,
    customerIds: [customerId],
    kind: 'secure_message',
    targetType: 'message-thread',
    targetId: threadId,
    summary: msg(created ? 'calls.action.messageSentNew' : 'calls.action.messageSent', {
      thread: threadId,
      preview: previewOf(input.body),
    }),
  });
  return { threadId, created, messageId: sent.messageId };
}
