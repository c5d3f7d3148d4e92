import { accountsOfCustomer, findAccount } from '../../db/repositories/accounts.ts';
import { findCustomer } from '../../db/repositories/customers.ts';
import { accountSummary } from '../ledger/account-position.ts';
import { threadLinks } from '../../db/repositories/message-links.ts';
import { listQueue } from '../../db/repositories/message-queue.ts';
import { threadMessages } from '../../db/repositories/messages.ts';
import { requireThread } from './load-thread.ts';
import { userDisplayName } from '../../db/repositories/users.ts';
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

/** A thread with its conversation, links, and what the reply composer needs. */
export async function viewThread(ctx: StaffContext, threadId: number) {
  const cfg = await loadMessagingConfig(ctx.db);
  const thread = await requireThread(ctx.db, threadId);
  const [messages, links, customer, accounts, assigneeName] = await Promise.all([
    threadMessages(ctx.db, thread.id),
    threadLinks(ctx.db, thread.id),
    findCustomer(ctx.db, thread.customerId),
    accountsOfCustomer(ctx.db, thread.customerId),
    userDisplayName(ctx.db, thread.assigneeId),
  ]);
  const account = accounts.find((a) => a.id === thread.accountId) ?? null;
  const summary = account
    ? await accountSummary(ctx.db, account.id, ctx.today).catch(() => null)
    : null;
  const topic = cfg.topics.get(thread.topic) ?? null;
  return {
    thread: {
      ...thread,
      slaStatus: statusOf(cfg, thread, ctx.now),
      assigneeName,
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
}

/** Canned replies for a thread, placeholders already filled in both languages. */
export async function fillCannedReplies(ctx: StaffContext, threadId: number) {
  const cfg = await loadMessagingConfig(ctx.db);
  const thread = await requireThread(ctx.db, threadId);
  const customer = await findCustomer(ctx.db, thread.customerId);
  const account = thread.accountId ? await findAccount(ctx.db, thread.accountId) : null;
  const summary = account
    ? await accountSummary(ctx.db, account.id, ctx.today).catch(() => null)
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
