import { findAccount, panelAccountsOfCustomer } from '../../db/repositories/accounts.ts';
import { summaryOfAccount, summaryOfTerms } from '../ledger/account-position.ts';
import { threadLinks } from '../../db/repositories/message-links.ts';
import { listQueue } from '../../db/repositories/message-queue.ts';
import { findThreadScreen, threadConversation } from '../../db/repositories/messages.ts';
import { noSuchThread } from './load-thread.ts';
import { cannedRepliesFor, fillPlaceholders } from '../domain/canned-replies.ts';
import { formatCents } from '../domain/money.ts';
import { planQueueSearch } from '../domain/queue-search.ts';
import type { StaffContext } from '../trpc/base.ts';
import { loadMessagingConfig, statusesAt, statusOf } from './config.ts';

/** One page of a queue view, with its total and each row's SLA status. */
export async function listQueuePage(
  ctx: StaffContext,
  input: {
    view: 'mine' | 'unassigned' | 'team' | 'breached';
    topic?: string | null | undefined;
    state: Parameters<typeof listQueue>[1]['state'];
    search?: string | null | undefined;
    sort: 'sla' | 'activity' | 'newest' | 'oldest';
    cursor?: number | null | undefined;
    limit: number;
  },
) {
  const cfg = await loadMessagingConfig(ctx.db);
  const offset = input.cursor ?? 0;
  const { rows, total } = await listQueue(ctx.db, {
    view: input.view,
    userId: ctx.user.id,
    topic: input.topic ?? null,
    state: input.state,
    search: planQueueSearch(input.search),
    sort: input.sort,
    offset,
    limit: input.limit,
    now: ctx.now.toISOString(),
  });
  const statusOfRow = statusesAt(cfg, ctx.now);
  return {
    total,
    offset,
    nextCursor: offset + rows.length < total ? offset + rows.length : null,
    // What the queue screen shows; the SLA clock itself stays on the server, which computes
    // the status (the renderer never reads the clock).
    rows: rows.map((r) => ({
      id: r.id,
      customerName: r.customerName,
      accountNumber: r.accountNumber,
      topic: r.topic,
      state: r.state,
      assigneeName: r.assigneeName,
      preview: r.preview,
      lastActivityAt: r.lastActivityAt,
      slaStatus: statusOfRow(r),
    })),
  };
}

/**
 * A thread with its conversation, links, and what the reply composer and the customer panel
 * show: only what the screen uses (renderer/src/areas/messages/), read in five statements
 * (thread with its holder and customer; messages; attachments; links; the customer's accounts)
 * plus the ledger of the thread's account for its amount due (the one path to it,
 * server/ledger/account-position.ts, from the terms already read with the accounts).
 */
export async function viewThread(ctx: StaffContext, threadId: number) {
  const [cfg, found] = await Promise.all([
    loadMessagingConfig(ctx.db),
    findThreadScreen(ctx.db, threadId),
  ]);
  if (!found) throw noSuchThread(threadId);
  const { thread, customer } = found;
  const [messages, links, accounts] = await Promise.all([
    threadConversation(ctx.db, thread.id),
    threadLinks(ctx.db, thread.id),
    panelAccountsOfCustomer(ctx.db, thread.customerId),
  ]);
  const account = accounts.find((a) => a.id === thread.accountId) ?? null;
  const summary = account
    ? await summaryOfTerms(ctx.db, account.id, account.terms, ctx.today).catch(() => null)
    : null;
  const topic = cfg.topics.get(thread.topic) ?? null;
  return {
    thread: {
      id: thread.id,
      customerId: thread.customerId,
      accountId: thread.accountId,
      topic: thread.topic,
      state: thread.state,
      assigneeId: thread.assigneeId,
      assigneeName: found.assigneeName,
      version: thread.version,
      slaStatus: statusOf(cfg, thread, ctx.now),
    },
    topic: topic ? { handoff: topic.handoff } : null,
    messages,
    links: links.map((l) => ({ id: l.id, targetType: l.targetType, targetId: l.targetId })),
    customer,
    account: account
      ? {
          id: account.id,
          accountNumber: account.accountNumber,
          type: account.type,
          vehicle: account.vehicle,
          easyPay: account.easyPayEnrolled,
          amountDueCents: summary?.amountDueCents ?? null,
          nextDueDate: summary?.nextDueDate ?? null,
          pastDueCents: summary?.pastDueCents ?? null,
        }
      : null,
    otherAccounts: accounts
      .filter((a) => a.id !== thread.accountId)
      .map((a) => ({ id: a.id, accountNumber: a.accountNumber, type: a.type })),
  };
}

/** Canned replies for a thread, placeholders already filled in both languages. */
export async function fillCannedReplies(ctx: StaffContext, threadId: number) {
  // The thread, its customer's name and language in one read (as the thread screen), and the
  // account once: its figures come from the row already read.
  const [cfg, found] = await Promise.all([
    loadMessagingConfig(ctx.db),
    findThreadScreen(ctx.db, threadId),
  ]);
  if (!found) throw noSuchThread(threadId);
  const { thread, customer } = found;
  const account = thread.accountId ? await findAccount(ctx.db, thread.accountId) : null;
  const summary = account
    ? await summaryOfAccount(ctx.db, account, ctx.today).catch(() => null)
    : null;
  const lang = customer?.language ?? 'en';
  return {
    language: lang,
    replies: cannedRepliesFor(thread.topic).map((r) => {
      const fillIn = (l: 'en' | 'fr') =>
        fillPlaceholders(r.body[l], {
          customerName: customer?.displayName ?? null,
          accountNumber: account?.accountNumber ?? null,
          amountDue: summary ? formatCents(summary.amountDueCents, l) : null,
          agentName: ctx.user.displayName,
          lenderName: cfg.lenderName,
        });
      return { id: r.id, title: r.title, en: fillIn('en'), fr: fillIn('fr') };
    }),
  };
}
