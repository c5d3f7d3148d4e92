import type { DbOrTrx } from '../../db/database.ts';
import { findPostedItems } from '../../db/repositories/mail-payments-postings.ts';
import { exceptionsByReceiptDate } from '../../db/repositories/mail-payments-reports.ts';
import { researchRemitter } from '../../db/repositories/mail-payments-research.ts';
import { batchItems, listBatches, listExceptions } from '../../db/repositories/mail-payments.ts';
import type { Context } from '../trpc/base.ts';
import { planSearch } from '../domain/customer-search.ts';
import { daysBetween } from '../domain/dates.ts';
import { agingBuckets } from '../domain/mail-posting.ts';
import { parseAmountToCents } from '../domain/money.ts';
import { settingsAndToday } from './shared.ts';

/** The worklists of the mail-payments screens: config, exceptions, approvals, research. */

type QueryContext = Pick<Context, 'db' | 'today'>;

/** Lockboxes, payees and limits the entry screen needs, and the centre's today. */
export async function entryConfig(ctx: QueryContext) {
  const { settings, today } = await settingsAndToday(ctx);
  return {
    lockboxes: settings.lockboxes,
    payees: settings.payees,
    limits: settings.mailPayments,
    today,
  };
}

/** The exceptions queue, each with its age in days. */
export async function listExceptionsAged(ctx: QueryContext, filter: { lockboxId?: string }) {
  const { today } = await settingsAndToday(ctx);
  const rows = await listExceptions(ctx.db, filter);
  return rows.map((r) => ({ ...r, ageDays: Math.max(0, daysBetween(r.receiptDate, today)) }));
}

/** Who sent it? Name/VIN/account/phone through the customer search, plus address and amount. */
export async function researchSender(
  ctx: QueryContext,
  input: { query: string; address: string; amount: string },
) {
  const { today } = await settingsAndToday(ctx);
  const amountCents = input.amount
    ? parseAmountToCents(input.amount, { digitsAreCents: true })
    : null;
  return researchRemitter(ctx.db, {
    search: input.query.trim().length >= 2 ? planSearch(input.query) : null,
    address: input.address,
    amountCents,
    today,
  });
}

/** Batches waiting for a supervisor: overrides resolved, nothing else blocking but approval. */
export async function listApprovals(db: DbOrTrx, userId: number) {
  const batches = await listBatches(db, { status: 'open' });
  const waiting = batches.filter((b) => b.overrideCount > 0 && b.exceptionCount === 0);
  return Promise.all(
    waiting.map(async (b) => {
      const items = await batchItems(db, b.id);
      return {
        batch: b,
        overrides: items.filter((i) => i.status === 'override'),
        mine: b.openedBy === userId,
      };
    }),
  );
}

/** Posted items, for finding the one the bank returned. */
export function findPosted(
  db: DbOrTrx,
  input: { accountNumber: string; instrumentNumber: string },
) {
  return findPostedItems(db, {
    accountNumber: input.accountNumber.replace(/[\s-]/g, ''),
    instrumentNumber: input.instrumentNumber,
  });
}

/** The exceptions aging report, as of the centre's today. */
export async function agingReport(ctx: QueryContext) {
  const { today } = await settingsAndToday(ctx);
  return { ...agingBuckets(await exceptionsByReceiptDate(ctx.db), today), today };
}
