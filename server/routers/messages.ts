import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { accountsOfCustomer, findCustomer } from '../../db/repositories/customers.ts';
import { accountSummary } from '../../db/repositories/ledger.ts';
import { threadLinks } from '../../db/repositories/message-links.ts';
import {
  listQueue,
  queueCounts,
  queueStats,
  requireThread,
  threadMessages,
  type MessageThread,
} from '../../db/repositories/messages.ts';
import { listOutbox } from '../../db/repositories/messages-outbox.ts';
import { cannedRepliesFor, fillPlaceholders } from '../domain/canned-replies.ts';
import { localDateOf } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { THREAD_STATES } from '../domain/message-state.ts';
import { formatCents } from '../domain/money.ts';
import { attachmentsRoot, checkAttachments, storeAttachments } from '../messages/attachments.ts';
import { presenceOf } from '../messages/presence.ts';
import {
  assertFresh,
  assignThread,
  autoCloseQuiet,
  quietThreadsDue,
  changeState,
  claimThread,
  loadMessagingConfig,
  releaseThread,
  replyToThread,
  statusOf,
  takeNext,
  type Actor,
} from '../messages/service.ts';
import { idempotencyKey } from '../trpc/idempotency.ts';
import { simulatorOf } from '../messages/simulator.ts';
import {
  agentProcedure,
  router,
  supervisorProcedure,
  trainerProcedure,
  type Context,
} from '../trpc/base.ts';

/**
 * The secure-message queue: list and views, thread, claim/assign/release/next, replies with
 * the optimistic version check, state changes, presence, the e-mail outbox and the trainer's
 * simulator. Workflow rules live in server/messages/service.ts; this layer is input, roles,
 * audit and live events.
 */
const threadId = z.number().int().positive();
const attachmentInput = z.strictObject({
  filename: z.string().min(1).max(255),
  contentBase64: z.string().max(15_000_000),
});

function actorOf(ctx: Context): Actor {
  const user = ctx.user;
  if (!user)
    throw new DomainError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
  return { id: user.id, displayName: user.displayName, role: user.role };
}

function changed(ctx: Context, id?: number) {
  ctx.afterCommit(() =>
    ctx.deps.events.emit('changed', { area: 'messages', ...(id === undefined ? {} : { id }) }),
  );
}

function brief(t: MessageThread) {
  return { state: t.state, assigneeId: t.assigneeId, version: t.version };
}

async function decodeAttachments(
  ctx: Context,
  files: ReadonlyArray<z.infer<typeof attachmentInput>>,
) {
  const checked = await checkAttachments(
    files.map((f) => ({ filename: f.filename, data: Buffer.from(f.contentBase64, 'base64') })),
  );
  storeAttachments(attachmentsRoot(ctx.deps.dataDir), checked);
  return checked.map(({ data: _data, ...meta }) => meta);
}

export const messagesRouter = router({
  /** Topics with their queues and targets, for filters and the hand-off actions. */
  topics: agentProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const cfg = await loadMessagingConfig(ctx.db);
    return cfg.topicList.map((t) => ({ ...t }));
  }),

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
    .query(async ({ ctx, input }) => {
      const cfg = await loadMessagingConfig(ctx.db);
      const offset = input.cursor ?? 0;
      const { rows, total } = await listQueue(ctx.db, {
        view: input.view,
        userId: ctx.user.id,
        topic: input.topic ?? null,
        state: input.state,
        search: input.search ?? null,
        sort: input.sort,
        offset,
        limit: input.limit,
        now: ctx.now.toISOString(),
      });
      return {
        total,
        offset,
        nextCursor: offset + rows.length < total ? offset + rows.length : null,
        rows: rows.map((r) => ({ ...r, slaStatus: statusOf(cfg, r, ctx.now) })),
      };
    }),

  counts: agentProcedure
    .input(z.strictObject({}).optional())
    .query(async ({ ctx }) => queueCounts(ctx.db, ctx.user.id, ctx.now.toISOString())),

  /** A thread with its conversation, links, and what the reply composer needs. */
  thread: agentProcedure.input(z.strictObject({ id: threadId })).query(async ({ ctx, input }) => {
    const cfg = await loadMessagingConfig(ctx.db);
    const thread = await requireThread(ctx.db, input.id);
    const [messages, links, customer, accounts, assignee] = await Promise.all([
      threadMessages(ctx.db, thread.id),
      threadLinks(ctx.db, thread.id),
      findCustomer(ctx.db, thread.customerId),
      accountsOfCustomer(ctx.db, thread.customerId),
      thread.assigneeId
        ? ctx.db
            .selectFrom('users')
            .select(['id', 'display_name'])
            .where('id', '=', thread.assigneeId)
            .executeTakeFirst()
        : Promise.resolve(undefined),
    ]);
    const account = accounts.find((a) => a.id === thread.accountId) ?? null;
    const today = localDateOf(ctx.now, cfg.timeZone);
    const summary = account
      ? await accountSummary(ctx.db, account.id, today).catch(() => null)
      : null;
    const topic = cfg.topics.get(thread.topic) ?? null;
    return {
      thread: {
        ...thread,
        slaStatus: statusOf(cfg, thread, ctx.now),
        assigneeName: assignee?.display_name ?? null,
      },
      topic,
      messages,
      links,
      customer: customer
        ? {
            id: customer.id,
            displayName: customer.displayName,
            firstName: customer.firstName,
            language: customer.language,
            email: customer.email,
          }
        : null,
      account: account
        ? {
            id: account.id,
            accountNumber: account.accountNumber,
            type: account.type,
            vehicle: account.vehicle,
            status: account.status,
            easyPay: account.easyPay.enrolled,
            amountDueCents: summary?.amountDueCents ?? null,
            nextDueDate: summary?.nextDueDate ?? null,
            pastDueCents: summary?.pastDueCents ?? null,
          }
        : null,
      otherAccounts: accounts
        .filter((a) => a.id !== thread.accountId)
        .map((a) => ({ id: a.id, accountNumber: a.accountNumber, type: a.type })),
    };
  }),

  /** Canned replies for a thread, placeholders already filled in both languages. */
  cannedReplies: agentProcedure
    .input(z.strictObject({ threadId }))
    .query(async ({ ctx, input }) => {
      const cfg = await loadMessagingConfig(ctx.db);
      const thread = await requireThread(ctx.db, input.threadId);
      const customer = await findCustomer(ctx.db, thread.customerId);
      const account = thread.accountId
        ? await ctx.db
            .selectFrom('accounts')
            .select(['id', 'account_number'])
            .where('id', '=', thread.accountId)
            .executeTakeFirst()
        : undefined;
      const summary = account
        ? await accountSummary(ctx.db, account.id, localDateOf(ctx.now, cfg.timeZone)).catch(
            () => null,
          )
        : null;
      const lang = customer?.language ?? 'en';
      return {
        language: lang,
        replies: cannedRepliesFor(thread.topic).map((r) => {
          const fillIn = (l: 'en' | 'fr') =>
            fillPlaceholders(r.body[l], {
              customerName: customer?.displayName ?? null,
              accountNumber: account?.account_number ?? null,
              amountDue: summary ? formatCents(summary.amountDueCents, l) : null,
              agentName: ctx.user.displayName,
              lenderName: cfg.lenderName,
            });
          return { id: r.id, title: r.title, en: fillIn('en'), fr: fillIn('fr') };
        }),
      };
    }),

  claim: agentProcedure.input(z.strictObject({ threadId })).mutation(async ({ ctx, input }) => {
    const { before, version } = await claimThread(ctx.db, ctx.now, input.threadId, actorOf(ctx));
    await ctx.audit({
      action: 'message.thread.claim',
      entityType: 'message_thread',
      entityId: input.threadId,
      before: brief(before),
      after: { assigneeId: ctx.user.id, version },
    });
    changed(ctx, input.threadId);
    return { version };
  }),

  release: agentProcedure.input(z.strictObject({ threadId })).mutation(async ({ ctx, input }) => {
    const { before, version } = await releaseThread(ctx.db, ctx.now, input.threadId, actorOf(ctx));
    await ctx.audit({
      action: 'message.thread.release',
      entityType: 'message_thread',
      entityId: input.threadId,
      before: brief(before),
      after: { assigneeId: null, version },
    });
    changed(ctx, input.threadId);
    return { version };
  }),

  /** Claims the most urgent thread for the caller; null when there is nothing to take. */
  next: agentProcedure.input(z.strictObject({}).optional()).mutation(async ({ ctx }) => {
    const id = await takeNext(ctx.db, ctx.now, actorOf(ctx));
    await ctx.audit({
      action: 'message.thread.next',
      entityType: 'message_thread',
      entityId: id,
      after: { assigneeId: ctx.user.id },
    });
    if (id !== null) changed(ctx, id);
    return { threadId: id };
  }),

  /** Supervisor: assign one or many threads to a staff member. */
  assign: supervisorProcedure
    .input(
      z.strictObject({
        threadIds: z.array(threadId).min(1).max(500),
        userId: z.number().int().positive(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      for (const id of input.threadIds) {
        const { before, version } = await assignThread(ctx.db, ctx.now, id, input.userId);
        await ctx.audit({
          action: 'message.thread.assign',
          entityType: 'message_thread',
          entityId: id,
          before: brief(before),
          after: { assigneeId: input.userId, version },
        });
      }
      changed(ctx);
      return { assigned: input.threadIds.length };
    }),

  /** Supervisor: close many threads at once (spam, duplicates), with a reason. */
  bulkClose: supervisorProcedure
    .input(
      z.strictObject({
        threadIds: z.array(threadId).min(1).max(500),
        reason: z.string().trim().min(3).max(500),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const cfg = await loadMessagingConfig(ctx.db);
      let closed = 0;
      for (const id of input.threadIds) {
        const thread = await requireThread(ctx.db, id);
        if (thread.state === 'closed') continue;
        const { before, version } = await changeState(
          ctx.db,
          cfg,
          ctx.now,
          { threadId: id, expectedVersion: null, action: 'close' },
          actorOf(ctx),
        );
        await ctx.audit({
          action: 'message.thread.close',
          entityType: 'message_thread',
          entityId: id,
          before: brief(before),
          after: { state: 'closed', version },
          reason: input.reason,
        });
        closed += 1;
      }
      if (closed === 0)
        throw new DomainError('CONFLICT', 'Every selected thread is already closed.');
      changed(ctx);
      return { closed };
    }),

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
        body: z.string().trim().min(1, 'Write a message').max(20_000),
        then: z.enum(['wait', 'resolve', 'open']).default('wait'),
        attachments: z.array(attachmentInput).max(5).default([]),
        idempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const cfg = await loadMessagingConfig(ctx.db);
      // A stale reply is refused before any attachment is even decoded.
      await assertFresh(ctx.db, await requireThread(ctx.db, input.threadId), input.expectedVersion);
      const attachments = await decodeAttachments(ctx, input.attachments);
      const result = await replyToThread(
        ctx.db,
        cfg,
        ctx.now,
        { ...input, attachments },
        actorOf(ctx),
        {
          holdEmail: ctx.deps.databaseKind === 'training',
        },
      );
      await ctx.audit({
        action: input.kind === 'note' ? 'message.note.add' : 'message.reply.send',
        entityType: 'message_thread',
        entityId: input.threadId,
        before: brief(result.before),
        after: {
          messageId: result.messageId,
          version: result.version,
          then: input.kind === 'reply' ? input.then : null,
          emailId: result.emailId,
          attachments: attachments.map((a) => a.sha256),
        },
      });
      changed(ctx, input.threadId);
      return { version: result.version, messageId: result.messageId, emailId: result.emailId };
    }),

  /** Waiting on the customer (pauses the SLA), resolve, close, reopen. */
  setState: agentProcedure
    .input(
      z.strictObject({
        threadId,
        expectedVersion: z.number().int().positive(),
        action: z.enum(['wait', 'resolve', 'close', 'reopen']),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const cfg = await loadMessagingConfig(ctx.db);
      const { before, version } = await changeState(ctx.db, cfg, ctx.now, input, actorOf(ctx));
      await ctx.audit({
        action: `message.thread.${input.action}`,
        entityType: 'message_thread',
        entityId: input.threadId,
        before: brief(before),
        after: { version },
      });
      changed(ctx, input.threadId);
      return { version };
    }),

  /** What "Close quiet threads now" would close: the count and the oldest activity. */
  sweepPreview: supervisorProcedure
    .input(z.strictObject({}).optional())
    .query(async ({ ctx }) => {
      const cfg = await loadMessagingConfig(ctx.db);
      const due = await quietThreadsDue(ctx.db, cfg, ctx.now);
      return {
        count: due.length,
        oldestActivityAt: due.reduce<string | null>(
          (min, t) => (min === null || t.lastActivityAt < min ? t.lastActivityAt : min),
          null,
        ),
      };
    }),

  /** Supervisor or trainer: run the auto-close sweep now (it also runs in the background). */
  sweep: supervisorProcedure.input(z.strictObject({}).optional()).mutation(async ({ ctx }) => {
    const cfg = await loadMessagingConfig(ctx.db);
    const closed = await autoCloseQuiet(ctx.db, cfg, ctx.now);
    await ctx.audit({
      action: 'message.sweep',
      entityType: 'message_thread',
      entityId: null,
      after: { closed: closed.map((t) => t.id) },
    });
    changed(ctx);
    return { closed: closed.length };
  }),

  /** Staff a thread can be assigned to, with their active load. */
  agents: agentProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const rows = await ctx.db
      .selectFrom('users as u')
      .leftJoin('message_threads as t', (j) =>
        j.onRef('t.assignee_id', '=', 'u.id').on('t.is_active', '=', 1),
      )
      .select([
        'u.id',
        'u.display_name',
        'u.role',
        'u.available',
        (eb) => eb.fn.count<number>('t.id').as('load'),
      ])
      .where('u.active', '=', 1)
      .groupBy('u.id')
      .orderBy('u.display_name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      role: r.role,
      available: r.available === 1,
      load: r.load,
    }));
  }),

  /** Supervisor tab: load per queue and topic. */
  stats: supervisorProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
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

  /**
   * Live presence on a thread: who else has it open and who is writing a reply. The caller is
   * on the board for as long as the subscription lives (its mode is part of the input).
   */
  presence: agentProcedure
    .input(z.strictObject({ threadId, mode: z.enum(['viewing', 'replying']) }))
    .subscription(async function* ({ ctx, input, signal }) {
      const board = presenceOf(ctx.deps);
      const connection = randomUUID();
      board.join(input.threadId, connection, {
        userId: ctx.user.id,
        name: ctx.user.displayName,
        mode: input.mode,
        since: new Date().toISOString(),
      });
      try {
        yield board.list(input.threadId);
        for await (const _ of board.changes(input.threadId, signal))
          yield board.list(input.threadId);
      } finally {
        board.leave(input.threadId, connection);
      }
    }),

  simulator: router({
    status: trainerProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => ({
      ...simulatorOf(ctx.deps).status,
      available: ctx.deps.databaseKind === 'training',
    })),
    start: trainerProcedure
      .input(z.strictObject({ perHour: z.number().int().min(1).max(3600) }))
      .mutation(async ({ ctx, input }) => {
        if (ctx.deps.databaseKind !== 'training') {
          throw new DomainError(
            'FORBIDDEN',
            'The message simulator only runs in a training database.',
          );
        }
        await ctx.audit({
          action: 'message.simulator.start',
          entityType: 'simulator',
          entityId: 'messages',
          after: input,
        });
        const sim = simulatorOf(ctx.deps);
        ctx.afterCommit(() => sim.start(input.perHour));
        return { ...sim.status, running: true, perHour: input.perHour };
      }),
    stop: trainerProcedure.input(z.strictObject({}).optional()).mutation(async ({ ctx }) => {
      if (ctx.deps.databaseKind !== 'training') {
        throw new DomainError(
          'FORBIDDEN',
          'The message simulator only runs in a training database.',
        );
      }
      const sim = simulatorOf(ctx.deps);
      await ctx.audit({
        action: 'message.simulator.stop',
        entityType: 'simulator',
        entityId: 'messages',
        before: sim.status,
      });
      ctx.afterCommit(() => sim.stop());
      return { ...sim.status, running: false };
    }),
  }),
});
