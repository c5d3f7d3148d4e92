import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
  addressAsOf,
  findCustomer,
  raiseAccountFlag,
  requireAccount,
} from '../../db/repositories/customers.ts';
import {
  balanceOf,
  batchItems,
  correctItem,
  deleteItem,
  insertBatch,
  insertItem,
  insertLetter,
  lettersOf,
  listBatches,
  listExceptions,
  lockboxById,
  postBatchItems,
  postingOf,
  reopenIfApproved,
  requireBatch,
  requireItem,
  resolveItem,
  reverseNsf,
  type CheckSettings,
  type ItemInput,
  type MailBatch,
  type MailItem,
} from '../../db/repositories/mail-payments.ts';
import { importItems } from '../../db/repositories/mail-payments-import.ts';
import {
  dailyPosting,
  exceptionsAging,
  lockboxTotals,
} from '../../db/repositories/mail-payments-reports.ts';
import { researchRemitter } from '../../db/repositories/mail-payments-research.ts';
import { readSettings } from '../../db/repositories/settings.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { addCalendarDays, daysBetween, localDateOf } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { returnedPaymentFee, type Settings } from '../domain/lender-config.ts';
import {
  approvalBlocker,
  nsfNoticeText,
  postingBlockers,
  returnToSenderText,
  type BatchForPosting,
} from '../domain/mail-posting.ts';
import { formatCents, parseAmountToCents } from '../domain/money.ts';
import { idempotencyKey } from '../trpc/idempotency.ts';
import { agentProcedure, router, supervisorProcedure, type Context } from '../trpc/base.ts';
import { isoDateSchema } from '../core/schemas.ts';

/**
 * Mail payments (lockbox): open a batch from the deposit ticket, key its items (each checked
 * as it is keyed), work the exceptions, get overrides approved, post the batch once as of its
 * receipt date, and reverse an item the bank returns unpaid.
 */

const id = z.number().int().positive();
const isoDate = isoDateSchema;
const reason = z.string().trim().min(3, 'Give a reason (at least 3 characters)').max(500);
const INSTRUMENT_TYPES = ['personal_check', 'cashiers_check', 'money_order'] as const;
const INSTRUMENT_LABEL = {
  personal_check: 'personal check',
  cashiers_check: "cashier's check",
  money_order: 'money order',
} as const;

const itemFields = {
  accountNumber: z.string().trim().max(30),
  /** Typed as on a 10-key: "12345" = $123.45; "123.45" works too. */
  amount: z.string().trim().min(1, 'Enter the amount').max(20),
  instrumentNumber: z.string().trim().max(30),
  instrumentType: z.enum(INSTRUMENT_TYPES),
  payee: z.string().trim().max(120),
  routingNumber: z.string().trim().max(20),
  remitter: z.string().trim().max(120),
  notes: z.string().trim().max(500).default(''),
  paidInFull: z.boolean().default(false),
};
type ItemFields = z.infer<z.ZodObject<typeof itemFields>>;

const AMOUNT_HELP = 'Type cents (12345 = $123.45) or dollars with a decimal point (123.45)';

function parseAmount(text: string, field = 'amount'): number {
  const cents = parseAmountToCents(text, { digitsAreCents: true });
  if (cents === null)
    throw new DomainError('VALIDATION', `The amount "${text}" is not valid.`, {
      fields: { [field]: AMOUNT_HELP },
    });
  return cents;
}

function toItemInput(fields: ItemFields): ItemInput {
  return { ...fields, amountCents: parseAmount(fields.amount) };
}

function todayOf(ctx: Pick<Context, 'now'>, settings: Settings): string {
  return localDateOf(ctx.now, settings.identity.timeZone);
}

function checkSettings(settings: Settings, batch: MailBatch): CheckSettings {
  return {
    lockbox: lockboxById(settings, batch.lockboxId),
    payees: settings.payees,
    mailPayments: settings.mailPayments,
  };
}

function forPosting(batch: MailBatch, items: readonly MailItem[]): BatchForPosting {
  return {
    status: batch.status,
    balance: balanceOf(batch, items),
    openedBy: batch.openedBy,
    approvedBy: batch.approvedBy,
    items: items.map((i) => ({
      seq: i.seq,
      status: i.status,
      overrideBy: i.resolution === 'override' ? i.resolvedBy : null,
    })),
  };
}

async function batchView(db: DbOrTrx, batchId: number) {
  const batch = await requireBatch(db, batchId);
  const items = await batchItems(db, batchId);
  const settings = await readSettings(db);
  const postable = forPosting(batch, items);
  const names = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [batch.openedBy ?? 0, batch.approvedBy ?? 0, batch.postedBy ?? 0])
    .execute();
  const nameOf = (uid: number | null) => names.find((n) => n.id === uid)?.display_name ?? null;
  return {
    batch: {
      ...batch,
      openedByName: nameOf(batch.openedBy),
      approvedByName: nameOf(batch.approvedBy),
      postedByName: nameOf(batch.postedBy),
    },
    lockbox: lockboxById(settings, batch.lockboxId),
    items,
    balance: postable.balance,
    blockers: postingBlockers(postable),
  };
}

function requireOpen(batch: MailBatch): void {
  if (batch.status === 'posted')
    throw new DomainError(
      'CONFLICT',
      `Batch ${batch.id} is already posted: its items cannot change.`,
    );
}

const changed = (ctx: Context, batchId: number) =>
  ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'mailPayments', id: batchId }));

export const mailPaymentsRouter = router({
  /** Lockboxes, payees and limits the entry screen needs, and the centre's today. */
  config: agentProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const settings = await readSettings(ctx.db);
    return {
      lockboxes: settings.lockboxes,
      payees: settings.payees,
      limits: settings.mailPayments,
      today: todayOf(ctx, settings),
    };
  }),

  batches: router({
    list: agentProcedure
      .input(
        z.strictObject({
          status: z.enum(['open', 'approved', 'posted', 'unposted']).optional(),
          lockboxId: z.string().max(40).optional(),
          receiptDate: isoDate.optional(),
        }),
      )
      .query(({ ctx, input }) => listBatches(ctx.db, input)),

    get: agentProcedure
      .input(z.strictObject({ batchId: id }))
      .query(({ ctx, input }) => batchView(ctx.db, input.batchId)),

    /** The printable proof: the batch, its items with their postings and allocations. */
    proof: agentProcedure.input(z.strictObject({ batchId: id })).query(async ({ ctx, input }) => {
      const view = await batchView(ctx.db, input.batchId);
      const postings = await Promise.all(view.items.map((i) => postingOf(ctx.db, i.id)));
      return { ...view, postings: postings.filter((p) => p !== null) };
    }),

    open: agentProcedure
      .input(
        z.strictObject({
          lockboxId: z.string().min(1).max(40),
          receiptDate: isoDate,
          controlCount: z.number().int().min(1, 'At least one item').max(100_000),
          controlTotal: z.string().trim().min(1, 'Enter the deposit total').max(20),
          idempotencyKey,
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const settings = await readSettings(ctx.db);
        lockboxById(settings, input.lockboxId);
        const today = todayOf(ctx, settings);
        if (input.receiptDate > today) {
          throw new DomainError('VALIDATION', 'The receipt date cannot be in the future.', {
            fields: { receiptDate: `On or before ${today}` },
          });
        }
        if (daysBetween(input.receiptDate, today) > 60) {
          throw new DomainError('VALIDATION', 'The receipt date is more than 60 days ago.', {
            fields: { receiptDate: `On or after ${addCalendarDays(today, -60)}` },
          });
        }
        const controlTotalCents = parseAmount(input.controlTotal, 'controlTotal');
        if (controlTotalCents <= 0)
          throw new DomainError('VALIDATION', 'The deposit total must be above zero.', {
            fields: { controlTotal: AMOUNT_HELP },
          });
        const batch = await insertBatch(
          ctx.db,
          { ...input, controlTotalCents },
          ctx.now.toISOString(),
          ctx.user.id,
        );
        await ctx.audit({
          action: 'mail-batch.open',
          entityType: 'mail_batch',
          entityId: batch.id,
          after: batch,
        });
        changed(ctx, batch.id);
        return batch;
      }),

    /** A supervisor approves a batch with overrides (maker ≠ checker). */
    approve: supervisorProcedure
      .input(z.strictObject({ batchId: id, note: z.string().trim().max(500).default('') }))
      .mutation(async ({ ctx, input }) => {
        const batch = await requireBatch(ctx.db, input.batchId);
        const items = await batchItems(ctx.db, batch.id);
        const blocker = approvalBlocker(ctx.user.id, forPosting(batch, items));
        if (blocker) throw new DomainError('PRECONDITION', blocker);
        const at = ctx.now.toISOString();
        const r = await ctx.db
          .updateTable('mail_batches')
          .set({
            status: 'approved',
            approved_at: at,
            approved_by: ctx.user.id,
            approval_note: input.note || null,
          })
          .where('id', '=', batch.id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1)
          throw new DomainError('CONFLICT', 'The batch was already approved or posted.');
        await ctx.audit({
          action: 'mail-batch.approve',
          entityType: 'mail_batch',
          entityId: batch.id,
          after: {
            overrides: items
              .filter((i) => i.status === 'override')
              .map((i) => ({ seq: i.seq, note: i.resolutionNote })),
          },
          reason: input.note || null,
        });
        changed(ctx, batch.id);
        return { ok: true as const };
      }),

    /**
     * Posts the batch: every item at once, as of the receipt date, or nothing. Idempotent: a
     * retry or a second session finds the batch posted and changes nothing; a retry with the
     * same idempotency key gets the first answer back (postedCount and all).
     */
    post: agentProcedure
      .input(z.strictObject({ batchId: id, idempotencyKey }))
      .mutation(async ({ ctx, input }) => {
        const batch = await requireBatch(ctx.db, input.batchId);
        if (batch.status === 'posted') {
          await ctx.audit({
            action: 'mail-batch.post-repeat',
            entityType: 'mail_batch',
            entityId: batch.id,
            after: { alreadyPosted: true },
          });
          return { alreadyPosted: true as const, postedCount: 0, postedCents: 0 };
        }
        const items = await batchItems(ctx.db, batch.id);
        const blockers = postingBlockers(forPosting(batch, items));
        if (blockers.length > 0)
          throw new DomainError('PRECONDITION', blockers.join(' '), { detail: { blockers } });
        const order = (await readSettings(ctx.db)).paymentApplicationOrder;
        const posted = await postBatchItems(ctx.db, batch, {
          at: ctx.now.toISOString(),
          userId: ctx.user.id,
          order,
        });
        if (posted === null) {
          await ctx.audit({
            action: 'mail-batch.post-repeat',
            entityType: 'mail_batch',
            entityId: batch.id,
            after: { alreadyPosted: true },
          });
          return { alreadyPosted: true as const, postedCount: 0, postedCents: 0 };
        }
        const postedCents = posted.reduce((s, p) => s + p.amountCents, 0);
        await ctx.audit({
          action: 'mail-batch.post',
          entityType: 'mail_batch',
          entityId: batch.id,
          after: {
            receiptDate: batch.receiptDate,
            postedCount: posted.length,
            postedCents,
            ledgerEntryIds: posted.map((p) => p.ledgerEntryId),
          },
        });
        changed(ctx, batch.id);
        ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'customers' }));
        return { alreadyPosted: false as const, postedCount: posted.length, postedCents };
      }),
  }),

  items: router({
    /** Keys the next item of an open batch; the answer carries its check failures. */
    add: agentProcedure
      .input(z.strictObject({ batchId: id, ...itemFields, idempotencyKey }))
      .mutation(async ({ ctx, input }) => {
        const { batchId, idempotencyKey: _key, ...fields } = input;
        const batch = await requireBatch(ctx.db, batchId);
        requireOpen(batch);
        const settings = await readSettings(ctx.db);
        const item = await insertItem(
          ctx.db,
          batch,
          toItemInput(fields),
          checkSettings(settings, batch),
          ctx.now.toISOString(),
          ctx.user.id,
        );
        await reopenIfApproved(ctx.db, batch.id);
        await ctx.audit({
          action: 'mail-item.key',
          entityType: 'mail_item',
          entityId: item.id,
          after: { ...item, failures: item.failures.map((f) => f.rule) },
        });
        changed(ctx, batch.id);
        return item;
      }),

    /**
     * Imports the bank's lockbox data file for the batch: every item checked exactly as if it
     * were keyed (in file order), all in this one transaction, with one audit record for the
     * import. Bad input (a field or an amount that does not read) rejects the whole file.
     */
    importItems: agentProcedure
      .input(
        z.strictObject({
          batchId: id,
          items: z
            .array(z.strictObject(itemFields))
            .min(1, 'The file has no items')
            .max(10_000, 'At most 10,000 items per file'),
          idempotencyKey,
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const batch = await requireBatch(ctx.db, input.batchId);
        requireOpen(batch);
        const parsed = input.items.map((fields, index) => {
          const amountCents = parseAmountToCents(fields.amount, { digitsAreCents: true });
          if (amountCents === null) {
            throw new DomainError(
              'VALIDATION',
              `Item ${index + 1}: the amount "${fields.amount}" is not valid; nothing was imported.`,
              {
                fields: { [`items.${index}.amount`]: AMOUNT_HELP },
              },
            );
          }
          return { ...fields, amountCents };
        });
        const settings = await readSettings(ctx.db);
        const result = await importItems(
          ctx.db,
          batch,
          parsed,
          checkSettings(settings, batch),
          ctx.now.toISOString(),
          ctx.user.id,
        );
        await reopenIfApproved(ctx.db, batch.id);
        const rules: Record<string, number> = {};
        for (const e of result.exceptions) for (const r of e.rules) rules[r] = (rules[r] ?? 0) + 1;
        await ctx.audit({
          action: 'mail-batch.import',
          entityType: 'mail_batch',
          entityId: batch.id,
          after: {
            count: result.count,
            totalCents: result.totalCents,
            exceptions: result.exceptionCount,
            seqs: [result.firstSeq, result.lastSeq],
            rules,
          },
        });
        changed(ctx, batch.id);
        return { batchId: batch.id, ...result };
      }),

    /** Corrects a keyed item (e.g. the right account found by research) and re-checks it. */
    correct: agentProcedure
      .input(
        z.strictObject({ itemId: id, ...itemFields, note: z.string().trim().max(500).default('') }),
      )
      .mutation(async ({ ctx, input }) => {
        const { itemId, note, ...fields } = input;
        const item = await requireItem(ctx.db, itemId);
        const batch = await requireBatch(ctx.db, item.batchId);
        requireOpen(batch);
        if (item.status === 'returned')
          throw new DomainError('CONFLICT', 'This item was returned to the sender.');
        const settings = await readSettings(ctx.db);
        const after = await correctItem(
          ctx.db,
          batch,
          item,
          toItemInput(fields),
          checkSettings(settings, batch),
          ctx.now.toISOString(),
          ctx.user.id,
          note || null,
        );
        await reopenIfApproved(ctx.db, batch.id);
        await ctx.audit({
          action: 'mail-item.correct',
          entityType: 'mail_item',
          entityId: item.id,
          before: {
            accountNumber: item.accountNumber,
            amountCents: item.amountCents,
            payee: item.payee,
            status: item.status,
          },
          after: {
            accountNumber: after.accountNumber,
            amountCents: after.amountCents,
            payee: after.payee,
            status: after.status,
          },
          reason: note || null,
        });
        changed(ctx, batch.id);
        return after;
      }),

    remove: agentProcedure
      .input(z.strictObject({ itemId: id }))
      .mutation(async ({ ctx, input }) => {
        const item = await requireItem(ctx.db, input.itemId);
        const batch = await requireBatch(ctx.db, item.batchId);
        requireOpen(batch);
        if (item.status === 'returned')
          throw new DomainError(
            'CONFLICT',
            'This item was returned to the sender with a letter: it stays on the batch.',
          );
        await deleteItem(ctx.db, item);
        await reopenIfApproved(ctx.db, batch.id);
        await ctx.audit({
          action: 'mail-item.delete',
          entityType: 'mail_item',
          entityId: item.id,
          before: item,
        });
        changed(ctx, batch.id);
        return { ok: true as const };
      }),

    /** Post anyway: the item counts as resolved, but the batch needs a supervisor's approval. */
    override: agentProcedure
      .input(z.strictObject({ itemId: id, reason }))
      .mutation(async ({ ctx, input }) => {
        const item = await requireItem(ctx.db, input.itemId);
        const batch = await requireBatch(ctx.db, item.batchId);
        requireOpen(batch);
        if (item.status !== 'exception')
          throw new DomainError(
            'CONFLICT',
            'Only an item in the exceptions queue can be overridden.',
          );
        const hard = item.failures.filter((f) => !f.overridable);
        if (hard.length > 0) {
          throw new DomainError(
            'PRECONDITION',
            `No override can post this item: ${hard.map((f) => f.message).join(' ')} ${hard[0]?.fix ?? ''}`.trim(),
          );
        }
        const after = await resolveItem(
          ctx.db,
          item.id,
          'override',
          input.reason,
          ctx.now.toISOString(),
          ctx.user.id,
        );
        await reopenIfApproved(ctx.db, batch.id);
        await ctx.audit({
          action: 'mail-item.override',
          entityType: 'mail_item',
          entityId: item.id,
          before: { status: item.status, failures: item.failures.map((f) => f.rule) },
          after: { status: after.status },
          reason: input.reason,
        });
        changed(ctx, batch.id);
        return after;
      }),

    /** Sends the instrument back uncashed, with a letter; it is never credited. */
    returnToSender: agentProcedure
      .input(z.strictObject({ itemId: id, reason, idempotencyKey }))
      .mutation(async ({ ctx, input }) => {
        const item = await requireItem(ctx.db, input.itemId);
        const batch = await requireBatch(ctx.db, item.batchId);
        requireOpen(batch);
        if (item.status !== 'exception' && item.status !== 'override') {
          throw new DomainError(
            'CONFLICT',
            'Only an item in the exceptions queue can be returned to the sender.',
          );
        }
        const settings = await readSettings(ctx.db);
        const at = ctx.now.toISOString();
        await resolveItem(ctx.db, item.id, 'returned', input.reason, at, ctx.user.id);
        let customerId: number | null = null;
        if (item.accountId !== null)
          customerId = (await requireAccount(ctx.db, item.accountId)).holderCustomerId;
        const letterId = await insertLetter(
          ctx.db,
          {
            itemId: item.id,
            kind: 'return-to-sender',
            customerId,
            addressedTo: item.remitter || 'Remitter (address from the envelope)',
            body: returnToSenderText({
              remitter: item.remitter,
              instrument: `${INSTRUMENT_LABEL[item.instrumentType]} #${item.instrumentNumber}`,
              amountCents: item.amountCents,
              receiptDate: batch.receiptDate,
              reason: input.reason,
              lenderName: settings.identity.lenderName,
            }),
          },
          at,
          ctx.user.id,
        );
        await reopenIfApproved(ctx.db, batch.id);
        await ctx.audit({
          action: 'mail-item.return-to-sender',
          entityType: 'mail_item',
          entityId: item.id,
          after: { letterId },
          reason: input.reason,
        });
        changed(ctx, batch.id);
        return { letterId };
      }),

    /**
     * Returned unpaid (NSF): reverse the posting, assess the state's returned-payment fee,
     * record the notice to the customer and flag the account, all in one transaction.
     */
    returnNsf: agentProcedure
      .input(z.strictObject({ itemId: id, reason, idempotencyKey }))
      .mutation(async ({ ctx, input }) => {
        const item = await requireItem(ctx.db, input.itemId);
        if (item.status === 'nsf') {
          await ctx.audit({
            action: 'mail-item.nsf-repeat',
            entityType: 'mail_item',
            entityId: item.id,
            after: { alreadyReturned: true },
          });
          return { alreadyReturned: true as const, feeCents: 0, letterId: null };
        }
        if (item.status !== 'posted' || item.accountId === null)
          throw new DomainError('PRECONDITION', 'Only a posted item can be returned unpaid.');
        const batch = await requireBatch(ctx.db, item.batchId);
        const settings = await readSettings(ctx.db);
        const today = todayOf(ctx, settings);
        const at = ctx.now.toISOString();
        const account = await requireAccount(ctx.db, item.accountId);
        const customer = await findCustomer(ctx.db, account.holderCustomerId);
        const address = await addressAsOf(ctx.db, account.holderCustomerId, today);
        const feeCents = address
          ? returnedPaymentFee(settings.returnedPaymentFees, address.region)
          : settings.returnedPaymentFees.default;
        const reversed = await reverseNsf(ctx.db, item, {
          returnedOn: today,
          reason: input.reason,
          feeCents,
          at,
          userId: ctx.user.id,
        });
        if (!reversed) {
          await ctx.audit({
            action: 'mail-item.nsf-repeat',
            entityType: 'mail_item',
            entityId: item.id,
            after: { alreadyReturned: true },
          });
          return { alreadyReturned: true as const, feeCents: 0, letterId: null };
        }
        const name = customer?.displayName ?? item.remitter;
        const letterId = await insertLetter(
          ctx.db,
          {
            itemId: item.id,
            kind: 'nsf-notice',
            customerId: account.holderCustomerId,
            addressedTo: address
              ? `${name}, ${address.line1}${address.line2 ? `, ${address.line2}` : ''}, ${address.city} ${address.region} ${address.postalCode}`
              : name,
            body: nsfNoticeText({
              name,
              accountNumber: account.accountNumber,
              instrument: `${INSTRUMENT_LABEL[item.instrumentType]} #${item.instrumentNumber}`,
              amountCents: item.amountCents,
              receiptDate: batch.receiptDate,
              feeCents,
              reason: input.reason,
              lenderName: settings.identity.lenderName,
            }),
          },
          at,
          ctx.user.id,
        );
        await raiseAccountFlag(
          ctx.db,
          {
            accountId: account.id,
            kind: 'nsf',
            note: `Mail payment ${formatCents(item.amountCents)} #${item.instrumentNumber} returned unpaid: ${input.reason}`,
            by: ctx.user.id,
          },
          at,
        );
        await ctx.audit({
          action: 'mail-item.nsf',
          entityType: 'mail_item',
          entityId: item.id,
          after: { accountId: account.id, ...reversed, feeCents, letterId },
          reason: input.reason,
        });
        changed(ctx, batch.id);
        ctx.afterCommit(() =>
          ctx.deps.events.emit('changed', { area: 'customers', id: account.holderCustomerId }),
        );
        return { alreadyReturned: false as const, feeCents, letterId };
      }),

    /** An item with its posting, letters and the account it names (exceptions detail, NSF screen). */
    get: agentProcedure.input(z.strictObject({ itemId: id })).query(async ({ ctx, input }) => {
      const item = await requireItem(ctx.db, input.itemId);
      const [batch, posting, letters] = await Promise.all([
        requireBatch(ctx.db, item.batchId),
        postingOf(ctx.db, item.id),
        lettersOf(ctx.db, item.id),
      ]);
      return { item, batch, posting, letters };
    }),

    /** Posted items, for finding the one the bank returned. */
    findPosted: agentProcedure
      .input(
        z.strictObject({
          accountNumber: z.string().trim().max(30).default(''),
          instrumentNumber: z.string().trim().max(30).default(''),
        }),
      )
      .query(async ({ ctx, input }) => {
        let q = ctx.db
          .selectFrom('mail_items as i')
          .innerJoin('mail_batches as b', 'b.id', 'i.batch_id')
          .select([
            'i.id',
            'i.seq',
            'i.batch_id',
            'i.account_number',
            'i.amount_cents',
            'i.instrument_number',
            'i.remitter',
            'i.status',
            'b.receipt_date',
            'b.lockbox_id',
          ])
          .where('i.status', 'in', ['posted', 'nsf']);
        if (input.accountNumber)
          q = q.where('i.account_number', '=', input.accountNumber.replace(/[\s-]/g, ''));
        if (input.instrumentNumber) q = q.where('i.instrument_number', '=', input.instrumentNumber);
        return q.orderBy('b.receipt_date', 'desc').orderBy('i.id', 'desc').limit(50).execute();
      }),
  }),

  exceptions: router({
    list: agentProcedure
      .input(z.strictObject({ lockboxId: z.string().max(40).optional() }))
      .query(async ({ ctx, input }) => {
        const settings = await readSettings(ctx.db);
        const today = todayOf(ctx, settings);
        const rows = await listExceptions(ctx.db, input);
        return rows.map((r) => ({ ...r, ageDays: Math.max(0, daysBetween(r.receiptDate, today)) }));
      }),

    /** Who sent it? Name/VIN/account/phone through the customer search, plus address and amount. */
    research: agentProcedure
      .input(
        z.strictObject({
          query: z.string().trim().max(100).default(''),
          address: z.string().trim().max(100).default(''),
          amount: z.string().trim().max(20).default(''),
        }),
      )
      .query(async ({ ctx, input }) => {
        const settings = await readSettings(ctx.db);
        const amountCents = input.amount
          ? parseAmountToCents(input.amount, { digitsAreCents: true })
          : null;
        return researchRemitter(ctx.db, {
          query: input.query,
          address: input.address,
          amountCents,
          today: todayOf(ctx, settings),
        });
      }),
  }),

  approvals: router({
    /** Batches waiting for a supervisor: overrides resolved, nothing else blocking but approval. */
    list: supervisorProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
      const batches = await listBatches(ctx.db, { status: 'open' });
      const waiting = batches.filter((b) => b.overrideCount > 0 && b.exceptionCount === 0);
      return Promise.all(
        waiting.map(async (b) => {
          const items = await batchItems(ctx.db, b.id);
          return {
            batch: b,
            overrides: items.filter((i) => i.status === 'override'),
            mine: b.openedBy === ctx.user.id,
          };
        }),
      );
    }),
  }),

  reports: router({
    daily: agentProcedure
      .input(z.strictObject({ date: isoDate }))
      .query(({ ctx, input }) => dailyPosting(ctx.db, input.date)),
    aging: agentProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
      const settings = await readSettings(ctx.db);
      const today = todayOf(ctx, settings);
      return { ...(await exceptionsAging(ctx.db, today)), today };
    }),
    lockboxTotals: agentProcedure
      .input(z.strictObject({ from: isoDate, to: isoDate }))
      .query(({ ctx, input }) => lockboxTotals(ctx.db, input.from, input.to)),
    /** A report as CSV text (amounts in dollars with two decimals, dates ISO). */
    csv: agentProcedure
      .input(
        z.strictObject({
          report: z.enum(['daily', 'aging', 'lockboxTotals']),
          date: isoDate.optional(),
          from: isoDate.optional(),
          to: isoDate.optional(),
        }),
      )
      .query(async ({ ctx, input }) => {
        const settings = await readSettings(ctx.db);
        const today = todayOf(ctx, settings);
        const dollars = (c: number) => (c / 100).toFixed(2);
        if (input.report === 'daily') {
          const date = input.date ?? today;
          const rows = await dailyPosting(ctx.db, date);
          return {
            filename: `mail-posting-${date}.csv`,
            content: stringify(
              rows.map((r) => [
                r.receiptDate,
                r.lockboxId,
                r.batchId,
                r.postedCount,
                dollars(r.postedCents),
                r.returnedCount,
                dollars(r.returnedCents),
                r.nsfCount,
                dollars(r.nsfCents),
              ]),
              {
                header: true,
                columns: [
                  'receipt_date',
                  'lockbox',
                  'batch',
                  'posted_count',
                  'posted_amount',
                  'returned_count',
                  'returned_amount',
                  'nsf_count',
                  'nsf_amount',
                ],
              },
            ),
          };
        }
        if (input.report === 'aging') {
          const rows = await listExceptions(ctx.db, {});
          return {
            filename: `mail-exceptions-aging-${today}.csv`,
            content: stringify(
              rows.map((r) => [
                r.receiptDate,
                Math.max(0, daysBetween(r.receiptDate, today)),
                r.lockboxId,
                r.batchId,
                r.item.seq,
                r.item.accountNumber,
                dollars(r.item.amountCents),
                r.item.failures.map((f) => f.rule).join(' '),
              ]),
              {
                header: true,
                columns: [
                  'receipt_date',
                  'age_days',
                  'lockbox',
                  'batch',
                  'item',
                  'account_number',
                  'amount',
                  'rules',
                ],
              },
            ),
          };
        }
        const from = input.from ?? addCalendarDays(today, -30);
        const to = input.to ?? today;
        const rows = await lockboxTotals(ctx.db, from, to);
        return {
          filename: `mail-lockbox-totals-${from}-${to}.csv`,
          content: stringify(
            rows.map((r) => [
              r.lockboxId,
              r.batches,
              r.postedCount,
              dollars(r.postedCents),
              r.nsfCount,
              dollars(r.nsfCents),
            ]),
            {
              header: true,
              columns: [
                'lockbox',
                'batches',
                'posted_count',
                'posted_amount',
                'nsf_count',
                'nsf_amount',
              ],
            },
          ),
        };
      }),
  }),
});
