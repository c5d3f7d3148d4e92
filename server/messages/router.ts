import { fieldKey } from '../trpc/zod-messages.ts';
import { z } from 'zod';
import {
  queueCounts,
  queueStats,
  staffWithThreadLoad,
} from '../../db/repositories/message-queue.ts';
import { listOutbox } from '../../db/repositories/messages-outbox.ts';
import { THREAD_STATES } from '../domain/message-state.ts';
import { idempotencyKey } from '../trpc/idempotency.ts';
import { agentProcedure, router, supervisorProcedure, trainerProcedure } from '../trpc/base.ts';
import { assignThreads } from './assign-threads.ts';
import { previewQuietSweep, sweepQuietThreads } from './auto-close-quiet.ts';
import { changeThreadState, closeThreads } from './change-thread-state.ts';
import { claimThread, takeNextThread } from './claim-thread.ts';
import { loadMessagingConfig } from './config.ts';
import { releaseThread } from './release-thread.ts';
import { replyToThread } from './reply-to-thread.ts';
import { startSimulator, stopSimulator } from './run-simulator.ts';
import { simulatorOf } from './simulator.ts';
import { fillCannedReplies, listQueuePage, viewThread } from './view-thread.ts';
import { watchPresence } from './watch-presence.ts';

/**
 * The secure-message queue: list and views, thread, claim/assign/release/next, replies with
 * the optimistic version check, state changes, presence, the e-mail outbox and the trainer's
 * simulator. Input, role and one call each; the workflow is in the use-case files beside this.
 */
const threadId = z.number().int().positive();
const attachmentInput = z.strictObject({
  filename: z.string().min(1).max(255),
  contentBase64: z.string().max(15_000_000),
});
const noInput = z.strictObject({}).optional();

export const messagesRouter = router({
  /** Topics with their queues and targets, for filters and the hand-off actions. */
  topics: agentProcedure
    .input(noInput)
    .query(async ({ ctx }) => (await loadMessagingConfig(ctx.db)).topicList.map((t) => ({ ...t }))),

  /** One page of a queue view, with its total (server-side filter, sort and paging). */
  list: agentProcedure
    .input(
      z.strictObject({
        view: z.enum(['mine', 'unassigned', 'team', 'breached']),
        topic: z.string().max(60).nullish(),
        state: z.enum([...THREAD_STATES, 'active', 'any']).default('active'),
        search: z.string().max(100).nullish(),
        sort: z.enum(['sla', 'activity', 'newest', 'oldest']).default('sla'),
        cursor: z.number().int().min(0).max(10_000_000).nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listQueuePage(ctx, input)),

  counts: agentProcedure
    .input(noInput)
    .query(({ ctx }) => queueCounts(ctx.db, ctx.user.id, ctx.now.toISOString())),

  /** A thread with its conversation, links, and what the reply composer needs. */
  thread: agentProcedure
    .input(z.strictObject({ id: threadId }))
    .query(({ ctx, input }) => viewThread(ctx, input.id)),

  /** Canned replies for a thread, placeholders already filled in both languages. */
  cannedReplies: agentProcedure
    .input(z.strictObject({ threadId }))
    .query(({ ctx, input }) => fillCannedReplies(ctx, input.threadId)),

  claim: agentProcedure
    .input(z.strictObject({ threadId }))
    .mutation(({ ctx, input }) => claimThread(ctx, input.threadId)),

  release: agentProcedure
    .input(z.strictObject({ threadId }))
    .mutation(({ ctx, input }) => releaseThread(ctx, input.threadId)),

  /** Claims the most urgent thread for the caller; null when there is nothing to take. */
  next: agentProcedure.input(noInput).mutation(({ ctx }) => takeNextThread(ctx)),

  /** Supervisor: assign one or many threads to a staff member. */
  assign: supervisorProcedure
    .input(
      z.strictObject({
        threadIds: z.array(threadId).min(1).max(500),
        userId: z.number().int().positive(),
      }),
    )
    .mutation(({ ctx, input }) => assignThreads(ctx, input)),

  /** Supervisor: close many threads at once (spam, duplicates), with a reason. */
  bulkClose: supervisorProcedure
    .input(
      z.strictObject({
        threadIds: z.array(threadId).min(1).max(500),
        reason: z.string().trim().min(3).max(500),
      }),
    )
    .mutation(({ ctx, input }) => closeThreads(ctx, input)),

  /**
   * Sends a reply or adds an internal note, only if the thread is still at `expectedVersion`;
   * otherwise CONFLICT with the newer messages in `detail` (the draft stays on screen).
   */
  reply: agentProcedure
    .input(
      z.strictObject({
        threadId,
        expectedVersion: z.number().int().positive(),
        kind: z.enum(['reply', 'note']),
        body: z.string().trim().min(1, fieldKey('fields.writeMessage')).max(20_000),
        then: z.enum(['wait', 'resolve', 'open']).default('wait'),
        attachments: z.array(attachmentInput).max(5).default([]),
        idempotencyKey,
      }),
    )
    .mutation(({ ctx, input }) => replyToThread(ctx, input)),

  /** Waiting on the customer (pauses the SLA), resolve, close, reopen. */
  setState: agentProcedure
    .input(
      z.strictObject({
        threadId,
        expectedVersion: z.number().int().positive(),
        action: z.enum(['wait', 'resolve', 'close', 'reopen']),
      }),
    )
    .mutation(({ ctx, input }) => changeThreadState(ctx, input)),

  /** What "Close quiet threads now" would close (the count its confirmation shows). */
  sweepPreview: supervisorProcedure
    .input(noInput)
    .query(({ ctx }) => previewQuietSweep(ctx.db, ctx.now)),

  /** Supervisor or trainer: run the auto-close sweep now (it also runs in the background). */
  sweep: supervisorProcedure.input(noInput).mutation(({ ctx }) => sweepQuietThreads(ctx)),

  /** Staff a thread can be assigned to, with their active load. */
  agents: agentProcedure.input(noInput).query(({ ctx }) => staffWithThreadLoad(ctx.db)),

  /** Supervisor tab: load per queue and topic. */
  stats: supervisorProcedure.input(noInput).query(async ({ ctx }) => {
    const now = ctx.now.toISOString();
    return {
      at: now,
      queues: await queueStats(ctx.db, now),
      counts: await queueCounts(ctx.db, ctx.user.id, now),
    };
  }),

  /** The e-mail outbox (in training: the only place e-mails go). */
  outbox: agentProcedure
    .input(
      z.strictObject({
        status: z.enum(['pending', 'sent', 'failed', 'held']).nullish(),
        threadId: threadId.nullish(),
        cursor: z.number().int().positive().nullish(),
        /** Sent by infinite queries (@trpc/tanstack-react-query); paging is always newest first. */
        direction: z.enum(['forward', 'backward']).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listOutbox(ctx.db, {
        status: input.status ?? null,
        threadId: input.threadId ?? null,
        beforeId: input.cursor ?? null,
        limit: 50,
      });
      return {
        rows,
        nextCursor: rows.length === 50 ? (rows.at(-1)?.id ?? null) : null,
        databaseKind: ctx.deps.databaseKind,
      };
    }),

  /** Live presence on a thread (who has it open, who is replying) while subscribed. */
  presence: agentProcedure
    .input(z.strictObject({ threadId, mode: z.enum(['viewing', 'replying']) }))
    .subscription(({ ctx, input, signal }) => watchPresence(ctx, input, signal)),

  simulator: router({
    status: trainerProcedure.input(noInput).query(({ ctx }) => ({
      ...simulatorOf(ctx.deps).status,
      available: ctx.deps.databaseKind === 'training',
    })),
    start: trainerProcedure
      .input(z.strictObject({ perHour: z.number().int().min(1).max(3600) }))
      .mutation(({ ctx, input }) => startSimulator(ctx, input.perHour)),
    stop: trainerProcedure.input(noInput).mutation(({ ctx }) => stopSimulator(ctx)),
  }),
});
