import { authorizeMoney } from '../controls/authorize-money.ts';
import { sql } from 'kysely';
import { z } from 'zod';
import { loadCalendar } from '../../db/repositories/calendar.ts';
import { addressAsOf, requireAccount, requireCustomer } from '../../db/repositories/customers.ts';
import {
  agingBuckets,
  cockpitCases,
  countsPerAgent,
  countsPerClock,
  weeklyTrend,
} from '../../db/repositories/disputes-cockpit.ts';
import {
  addDisputeEvent,
  addDisputeItem,
  disputeEvents,
  disputeItems,
  disputeLetters,
  factsOf,
  insertDispute,
  insertLetter,
  letterWithPdf,
  listPolicies,
  loadPolicy,
  policyInEffect,
  recomputeDispute,
  recomputeOpenDisputes,
  requireDispute,
  updateDispute,
  type DisputeCase,
} from '../../db/repositories/disputes.ts';
import { postLedgerEntry } from '../../db/repositories/ledger.ts';
import { linkThread, requireHandOffThread } from '../../db/repositories/message-links.ts';
import { readSetting } from '../../db/repositories/settings.ts';
import {
  addCalendarDays,
  compareIsoDates,
  daysBetween,
  labelDate,
  localDateOf,
  type IsoDate,
} from '../domain/dates.ts';
import {
  computeDeadlinesOn,
  earliestReversalDate,
  isMassachusetts,
  type DisputeFacts,
} from '../domain/dispute-deadlines.ts';
import {
  caseNumber,
  closeBlockers,
  LETTER_KINDS,
  letterBlocker,
  MIN_NO_ERROR_EXPLANATION,
  resultsLetterFor,
  type LetterKind,
} from '../domain/dispute-workflow.ts';
import { DomainError } from '../domain/errors.ts';
import { formatCents } from '../domain/money.ts';
import { idempotencyKey } from '../trpc/idempotency.ts';
import { renderDisputeLetter } from '../letters/dispute-letters.ts';
import { agentProcedure, router, supervisorProcedure, type Context } from '../trpc/base.ts';
import { isoDateSchema } from '../core/schemas.ts';

/**
 * Erroneous-transaction disputes (SPEC section 4): intake, the case workflow with its gates,
 * letters, and the supervisor's deadline cockpit. Every change recomputes the case's stored
 * clocks in the same transaction, so the cockpit never reads a stale date.
 */

const id = z.number().int().positive();
const cents = z.number().int().positive().max(100_000_000_00);
const version = z.number().int().positive();
const language = z.enum(['en', 'fr']);
const letterKind = z.enum(LETTER_KINDS as [LetterKind, ...LetterKind[]]);
const errorType = z.enum([
  'duplicate_debit',
  'wrong_amount',
  'after_cancellation',
  'unauthorized',
  'not_received',
  'other',
]);
const stage = z.enum([
  'investigation',
  'results',
  'correction',
  'reversal',
  'ready_to_close',
  'closed',
]);

const LETTER_NAMES: Record<LetterKind, string> = {
  acknowledgement: 'Acknowledgement',
  provisional_credit: 'Provisional credit',
  results: 'Results (error found)',
  no_error: 'No-error results',
  reversal: 'Reversal',
};

/** New accounts under Regulation E: within 30 days of opening. */
const NEW_ACCOUNT_DAYS = 30;

type Ctx = Pick<Context, 'db' | 'now'> & { user: { id: number; displayName: string } };

async function todayOf(
  ctx: Pick<Context, 'db' | 'now'>,
): Promise<{ today: IsoDate; timeZone: string }> {
  const { timeZone } = await readSetting(ctx.db, 'identity');
  return { today: localDateOf(ctx.now, timeZone), timeZone };
}

function actor(ctx: Ctx) {
  return { id: ctx.user.id, name: ctx.user.displayName };
}

async function event(ctx: Ctx, disputeId: number, kind: string, summary: string, detail?: unknown) {
  await addDisputeEvent(ctx.db, {
    disputeId,
    at: ctx.now.toISOString(),
    actor: actor(ctx),
    kind,
    summary,
    detail,
  });
}

function notClosed(c: DisputeCase) {
  if (c.closedOn) throw new DomainError('PRECONDITION', `Case ${caseNumber(c.id)} is closed.`);
}

function notFuture(date: IsoDate, today: IsoDate, field: string) {
  if (compareIsoDates(date, today) > 0) {
    throw new DomainError('VALIDATION', `${labelDate(date)} is in the future.`, {
      fields: { [field]: 'Cannot be after today' },
    });
  }
}

function notBeforeNotice(date: IsoDate, c: DisputeCase, field: string) {
  if (compareIsoDates(date, c.noticeOn) < 0) {
    throw new DomainError(
      'VALIDATION',
      `${labelDate(date)} is before the notice (${labelDate(c.noticeOn)}).`,
      {
        fields: { [field]: 'Cannot be before the notice date' },
      },
    );
  }
}

/** Recomputes the stored clocks, writes the audit record and announces the change. */
async function finish(
  ctx: Ctx & Pick<Context, 'audit' | 'afterCommit' | 'deps'>,
  c: DisputeCase,
  action: string,
  reason?: string | null,
) {
  const calendar = await loadCalendar(ctx.db);
  await recomputeDispute(ctx.db, c.id, calendar);
  const after = await requireDispute(ctx.db, c.id);
  await ctx.audit({
    action,
    entityType: 'dispute',
    entityId: c.id,
    before: { ...c, transactions: undefined },
    after: { ...after, transactions: undefined },
    reason: reason ?? null,
  });
  ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'disputes', id: c.id }));
  return after;
}

/** A case with its clocks at "today", timeline, items, letters and what each step needs. */
async function caseView(ctx: Pick<Context, 'db' | 'now'>, disputeId: number) {
  const c = await requireDispute(ctx.db, disputeId);
  const { today } = await todayOf(ctx);
  const [policy, calendar, customer, account, events, items, letters] = await Promise.all([
    loadPolicy(ctx.db, c.policyVersion),
    loadCalendar(ctx.db),
    requireCustomer(ctx.db, c.customerId),
    requireAccount(ctx.db, c.accountId),
    disputeEvents(ctx.db, c.id),
    disputeItems(ctx.db, c.id),
    disputeLetters(ctx.db, c.id),
  ]);
  const facts = factsOf(c);
  const report = computeDeadlinesOn(policy, facts, calendar, today);
  const sent = new Set(letters.map((l) => l.kind));
  const assignee = c.assignedTo
    ? await ctx.db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('id', '=', c.assignedTo)
        .executeTakeFirst()
    : undefined;
  const reversalLetter = [...letters].reverse().find((l) => l.kind === 'reversal');
  const plannedReversal = reversalLetter ? await plannedReversalDate(ctx, reversalLetter.id) : null;
  return {
    case: c,
    caseNumber: caseNumber(c.id),
    today,
    customer: { id: customer.id, displayName: customer.displayName, language: customer.language },
    account: {
      id: account.id,
      accountNumber: account.accountNumber,
      type: account.type,
      openedOn: account.openedOn,
      vehicle: account.vehicle,
    },
    assignee: assignee ? { id: assignee.id, name: assignee.display_name } : null,
    policy: {
      version: policy.version,
      effectiveFrom: policy.effectiveFrom,
      atRiskBusinessDays: policy.atRiskBusinessDays,
    },
    report,
    events,
    items,
    letters,
    letterBlockers: Object.fromEntries(
      LETTER_KINDS.map((k) => [k, letterBlocker(k, facts)]),
    ) as Record<LetterKind, string | null>,
    closeBlockers: closeBlockers(facts, sent),
    reversal: c.reversalNoticeSentOn
      ? {
          earliest: earliestReversalDate(policy, calendar, c.reversalNoticeSentOn),
          planned: plannedReversal,
        }
      : null,
    suggestedReversal: earliestReversalDate(policy, calendar, today),
  };
}

async function plannedReversalDate(
  ctx: Pick<Context, 'db'>,
  letterId: number,
): Promise<IsoDate | null> {
  const letter = await letterWithPdf(ctx.db, letterId);
  const data = letter?.data as { reversalOnIso?: string } | undefined;
  return data?.reversalOnIso ?? null;
}

const intakeSchema = z.strictObject({
  customerId: id,
  accountId: id,
  channel: z.enum(['phone', 'secure_message', 'mail']),
  /** UTC instant the notice was received (defaults to now). */
  noticeAt: z.iso.datetime().optional(),
  statementOn: isoDateSchema.nullable().optional(),
  errorType,
  reason: z.string().trim().min(5).max(2000),
  transactions: z
    .array(
      z.strictObject({
        transactionOn: isoDateSchema,
        amountCents: cents,
        description: z.string().trim().min(2).max(200),
        ledgerEntryId: id.nullable().optional(),
      }),
    )
    .min(1)
    .max(20),
  newAccount: z.boolean().optional(),
  pointOfSale: z.boolean().default(false),
  foreignInitiated: z.boolean().default(false),
  writtenConfirmationRequired: z.boolean().optional(),
  fromThreadId: id.nullable().optional(),
});

async function intakeFacts(ctx: Pick<Context, 'db' | 'now'>, input: z.infer<typeof intakeSchema>) {
  const { timeZone } = await todayOf(ctx);
  const noticeAtDate = input.noticeAt ? new Date(input.noticeAt) : ctx.now;
  if (noticeAtDate.getTime() > ctx.now.getTime() + 60_000) {
    throw new DomainError('VALIDATION', 'The notice cannot be in the future.', {
      fields: { noticeAt: 'Cannot be in the future' },
    });
  }
  const noticeOn = localDateOf(noticeAtDate, timeZone);
  const [customer, account] = await Promise.all([
    requireCustomer(ctx.db, input.customerId),
    requireAccount(ctx.db, input.accountId),
  ]);
  if (account.holderCustomerId !== customer.id && account.coHolderCustomerId !== customer.id) {
    throw new DomainError('VALIDATION', 'This customer is not a holder of that account.', {
      fields: { accountId: 'Not this customer’s account' },
    });
  }
  for (const [i, t] of input.transactions.entries()) {
    if (compareIsoDates(t.transactionOn, noticeOn) > 0) {
      throw new DomainError('VALIDATION', 'A disputed transaction cannot be after the notice.', {
        fields: { [`transactions.${i}.transactionOn`]: 'After the notice date' },
      });
    }
    if (t.ledgerEntryId) {
      const entry = await ctx.db
        .selectFrom('ledger_entries')
        .select('account_id')
        .where('id', '=', t.ledgerEntryId)
        .executeTakeFirst();
      if (entry?.account_id !== account.id) {
        throw new DomainError('VALIDATION', 'A disputed debit must be on this account.', {
          fields: { [`transactions.${i}.ledgerEntryId`]: 'Not an entry of this account' },
        });
      }
    }
  }
  // Massachusetts is decided by the address in effect ON THE NOTICE DATE, not today's address.
  const address = await addressAsOf(ctx.db, customer.id, noticeOn);
  const suggestedNewAccount = daysBetween(account.openedOn, noticeOn) <= NEW_ACCOUNT_DAYS;
  const facts: DisputeFacts = {
    noticeOn,
    channel: input.channel,
    statementOn: input.statementOn ?? null,
    transactionDates: input.transactions.map((t) => t.transactionOn),
    residenceRegion: address?.region ?? null,
    newAccount: input.newAccount ?? suggestedNewAccount,
    pointOfSale: input.pointOfSale,
    foreignInitiated: input.foreignInitiated,
    writtenConfirmationRequired: input.writtenConfirmationRequired ?? input.channel === 'phone',
  };
  return {
    facts,
    noticeAt: noticeAtDate.toISOString(),
    customer,
    account,
    address,
    suggestedNewAccount,
  };
}

export const disputesRouter = router({
  /** Every policy version, newest first (compliance reviews them here). */
  policies: supervisorProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => listPolicies(ctx.db)),

  /** The policy new cases open under today. */
  currentPolicy: agentProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const { today } = await todayOf(ctx);
    return policyInEffect(ctx.db, today);
  }),

  /**
   * What intake needs before saving: the customer's residence state on the notice date, the
   * new-account suggestion, recent debits to pick from, and every clock the case would get.
   */
  intakePreview: agentProcedure
    .input(intakeSchema.partial({ transactions: true, reason: true, errorType: true }))
    .query(async ({ ctx, input }) => {
      const transactions = input.transactions?.length
        ? input.transactions
        : [
            {
              transactionOn: localDateOf(ctx.now, (await todayOf(ctx)).timeZone),
              amountCents: 1,
              description: '—',
            },
          ];
      const { facts, address, account, customer, suggestedNewAccount } = await intakeFacts(ctx, {
        ...input,
        transactions,
        reason: input.reason ?? 'preview',
        errorType: input.errorType ?? 'other',
      });
      const { today } = await todayOf(ctx);
      const [policy, calendar] = await Promise.all([
        policyInEffect(ctx.db, facts.noticeOn),
        loadCalendar(ctx.db),
      ]);
      const recentDebits = await ctx.db
        .selectFrom('ledger_entries')
        .select(['id', 'posted_on', 'amount_cents', 'code', 'description', 'kind'])
        .where('account_id', '=', account.id)
        .where('kind', 'in', ['payment', 'fee', 'charge'])
        .where('posted_on', '>=', addCalendarDays(facts.noticeOn, -120))
        .where('posted_on', '<=', facts.noticeOn)
        .orderBy('posted_on', 'desc')
        .orderBy('id', 'desc')
        .limit(30)
        .execute();
      return {
        customer: {
          id: customer.id,
          displayName: customer.displayName,
          language: customer.language,
        },
        account: {
          id: account.id,
          accountNumber: account.accountNumber,
          type: account.type,
          openedOn: account.openedOn,
        },
        noticeOn: facts.noticeOn,
        residence: address
          ? {
              region: address.region,
              country: address.country,
              city: address.city,
              effectiveFrom: address.effectiveFrom,
            }
          : null,
        massachusetts: isMassachusetts(address?.region),
        suggestedNewAccount,
        report: computeDeadlinesOn(policy, facts, calendar, today),
        recentDebits: recentDebits.map((r) => ({
          id: r.id,
          postedOn: r.posted_on,
          amountCents: Math.abs(r.amount_cents),
          description: r.description ?? `${r.kind}${r.code ? ` (${r.code})` : ''}`,
        })),
      };
    }),

  /** Opens a case (phone call, secure-message hand-off or letter). */
  create: agentProcedure
    .input(intakeSchema.extend({ idempotencyKey }))
    .mutation(async ({ ctx, input }) => {
      const { facts, noticeAt, account } = await intakeFacts(ctx, input);
      if (input.fromThreadId)
        await requireHandOffThread(ctx.db, input.fromThreadId, [
          account.holderCustomerId,
          account.coHolderCustomerId,
        ]);
      const { today } = await todayOf(ctx);
      const [policy, calendar] = await Promise.all([
        policyInEffect(ctx.db, facts.noticeOn),
        loadCalendar(ctx.db),
      ]);
      const report = computeDeadlinesOn(policy, facts, calendar, today);
      const disputeId = await insertDispute(
        ctx.db,
        {
          customerId: input.customerId,
          accountId: input.accountId,
          policyVersion: policy.version,
          channel: input.channel,
          noticeAt,
          noticeOn: facts.noticeOn,
          statementOn: facts.statementOn ?? null,
          errorType: input.errorType,
          reason: input.reason,
          residenceRegion: facts.residenceRegion,
          massachusetts: report.massachusetts,
          newAccount: facts.newAccount,
          pointOfSale: facts.pointOfSale,
          foreignInitiated: facts.foreignInitiated,
          lateNotice: report.lateNotice,
          writtenConfirmationRequired: facts.writtenConfirmationRequired,
          assignedTo: ctx.user.id,
          sourceThreadId: input.fromThreadId ?? null,
          transactions: input.transactions,
          createdBy: ctx.user.id,
        },
        ctx.now.toISOString(),
      );
      if (input.fromThreadId) {
        await linkThread(ctx.db, {
          threadId: input.fromThreadId,
          targetType: 'dispute',
          targetId: disputeId,
          at: ctx.now.toISOString(),
        });
      }
      const total = input.transactions.reduce((s, t) => s + t.amountCents, 0);
      await event(
        ctx,
        disputeId,
        'intake',
        `Notice received by ${input.channel.replace('_', ' ')}: ${input.transactions.length} transaction(s), ${formatCents(total)}`,
        {
          policyVersion: policy.version,
          residenceRegion: facts.residenceRegion,
          massachusetts: report.massachusetts,
          newAccount: facts.newAccount,
          fromThreadId: input.fromThreadId ?? null,
        },
      );
      if (report.lateNotice)
        await event(
          ctx,
          disputeId,
          'late_notice',
          report.lateNoticeExplanation ?? 'Late notice (flagged, not rejected)',
        );
      const created = await requireDispute(ctx.db, disputeId);
      await recomputeDispute(ctx.db, disputeId, calendar, policy);
      await ctx.audit({
        action: 'dispute.create',
        entityType: 'dispute',
        entityId: disputeId,
        after: { ...created, transactions: input.transactions },
      });
      ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'disputes', id: disputeId }));
      return { id: disputeId, caseNumber: caseNumber(disputeId) };
    }),

  /** The work list: open cases by their next deadline. */
  list: agentProcedure
    .input(
      z.strictObject({
        stage: stage.nullable().optional(),
        mine: z.boolean().optional(),
        customerId: id.nullable().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { today } = await todayOf(ctx);
      let q = ctx.db
        .selectFrom('disputes as d')
        .innerJoin('customers as cu', 'cu.id', 'd.customer_id')
        .innerJoin('accounts as a', 'a.id', 'd.account_id')
        .leftJoin('users as u', 'u.id', 'd.assigned_to')
        .select([
          'd.id',
          'd.stage',
          'd.notice_on',
          'd.channel',
          'd.disputed_cents',
          'd.massachusetts',
          'd.late_notice',
          'd.next_clock',
          'd.next_target_on',
          'a.account_number',
          'u.display_name as assigned_name',
          sql<string>`coalesce(cu.business_name, cu.first_name || ' ' || cu.last_name)`.as(
            'customer_name',
          ),
        ]);
      if (input.stage) q = q.where('d.stage', '=', input.stage);
      else if (!input.customerId) q = q.where('d.stage', '<>', 'closed');
      if (input.mine) q = q.where('d.assigned_to', '=', ctx.user.id);
      if (input.customerId) q = q.where('d.customer_id', '=', input.customerId);
      const rows = await q
        .orderBy(sql`d.next_target_on is null`)
        .orderBy('d.next_target_on')
        .orderBy('d.id')
        .limit(input.limit)
        .offset(input.offset)
        .execute();
      return {
        today,
        rows: rows.map((r) => ({
          id: r.id,
          caseNumber: caseNumber(r.id),
          stage: r.stage,
          noticeOn: r.notice_on,
          channel: r.channel,
          disputedCents: r.disputed_cents,
          massachusetts: r.massachusetts === 1,
          lateNotice: r.late_notice === 1,
          nextClock: r.next_clock,
          nextTargetOn: r.next_target_on,
          accountNumber: r.account_number,
          customerName: r.customer_name,
          assignedName: r.assigned_name,
        })),
      };
    }),

  get: agentProcedure
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => caseView(ctx, input.id)),

  assign: agentProcedure
    .input(z.strictObject({ id, userId: id.nullable(), version }))
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id, input.version);
      notClosed(c);
      const supervisor = ctx.user.role === 'supervisor' || ctx.user.role === 'admin';
      if (!supervisor && input.userId !== ctx.user.id)
        throw new DomainError('FORBIDDEN', 'Agents can only take a case for themselves.');
      const user = input.userId
        ? await ctx.db
            .selectFrom('users')
            .select(['id', 'display_name'])
            .where('id', '=', input.userId)
            .executeTakeFirst()
        : null;
      if (input.userId && !user) throw new DomainError('NOT_FOUND', 'No such user.');
      await updateDispute(
        ctx.db,
        c.id,
        { assigned_to: input.userId },
        ctx.now.toISOString(),
        input.version,
      );
      await event(ctx, c.id, 'assigned', user ? `Assigned to ${user.display_name}` : 'Unassigned');
      return finish(ctx, c, 'dispute.assign');
    }),

  recordWrittenConfirmation: agentProcedure
    .input(z.strictObject({ id, receivedOn: isoDateSchema, version }))
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id, input.version);
      notClosed(c);
      const { today } = await todayOf(ctx);
      notFuture(input.receivedOn, today, 'receivedOn');
      notBeforeNotice(input.receivedOn, c, 'receivedOn');
      if (c.writtenConfirmationReceivedOn)
        throw new DomainError('CONFLICT', 'Written confirmation was already recorded.');
      await updateDispute(
        ctx.db,
        c.id,
        { written_confirmation_received_on: input.receivedOn },
        ctx.now.toISOString(),
        input.version,
      );
      await event(
        ctx,
        c.id,
        'written_confirmation',
        `Written confirmation received ${labelDate(input.receivedOn)}`,
      );
      return finish(ctx, c, 'dispute.written-confirmation');
    }),

  addNote: agentProcedure
    .input(
      z.strictObject({
        id,
        kind: z.enum(['note', 'task']),
        body: z.string().trim().min(2).max(4000),
        dueOn: isoDateSchema.nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id);
      notClosed(c);
      const itemId = await addDisputeItem(ctx.db, {
        dispute_id: c.id,
        kind: input.kind,
        body: input.body,
        file_name: null,
        mime_type: null,
        content: null,
        sha256: null,
        due_on: input.kind === 'task' ? (input.dueOn ?? null) : null,
        created_at: ctx.now.toISOString(),
        created_by: ctx.user.id,
      });
      await event(
        ctx,
        c.id,
        input.kind,
        input.kind === 'task' ? `Task: ${input.body}` : `Note: ${input.body.slice(0, 140)}`,
        { itemId },
      );
      return finish(ctx, c, `dispute.add-${input.kind}`);
    }),

  addDocument: agentProcedure
    .input(
      z.strictObject({
        id,
        description: z.string().trim().min(2).max(500),
        fileName: z.string().trim().min(1).max(200),
        contentBase64: z.string().min(1).max(14_000_000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id);
      notClosed(c);
      const bytes = Buffer.from(input.contentBase64, 'base64');
      if (bytes.length > 10 * 1024 * 1024)
        throw new DomainError('VALIDATION', 'Documents are limited to 10 MB.', {
          fields: { contentBase64: 'Too large' },
        });
      const { fileTypeFromBuffer } = await import('file-type');
      const sniffed = await fileTypeFromBuffer(bytes);
      const allowed = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'];
      if (!sniffed || !allowed.includes(sniffed.mime)) {
        throw new DomainError(
          'VALIDATION',
          'Only PDF, PNG, JPEG or TIFF documents can be attached.',
          { fields: { contentBase64: 'File type not allowed' } },
        );
      }
      const { createHash } = await import('node:crypto');
      const safeName = input.fileName.replace(/[^\w.\- ]+/g, '_').slice(0, 120);
      const itemId = await addDisputeItem(ctx.db, {
        dispute_id: c.id,
        kind: 'document',
        body: input.description,
        file_name: safeName,
        mime_type: sniffed.mime,
        content: bytes,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        due_on: null,
        created_at: ctx.now.toISOString(),
        created_by: ctx.user.id,
      });
      await event(ctx, c.id, 'document', `Document added: ${safeName} (${input.description})`, {
        itemId,
      });
      return finish(ctx, c, 'dispute.add-document');
    }),

  completeTask: agentProcedure
    .input(z.strictObject({ id, itemId: id }))
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id);
      const r = await ctx.db
        .updateTable('dispute_items')
        .set({ done_at: ctx.now.toISOString(), done_by: ctx.user.id })
        .where('id', '=', input.itemId)
        .where('dispute_id', '=', c.id)
        .where('kind', '=', 'task')
        .where('done_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0)
        throw new DomainError('CONFLICT', 'That task is already done or does not exist.');
      await event(ctx, c.id, 'task_done', 'Task completed', { itemId: input.itemId });
      return finish(ctx, c, 'dispute.complete-task');
    }),

  /** Posts the provisional credit to the account ledger (within the 10/20 business days). */
  postProvisionalCredit: agentProcedure
    .input(
      z.strictObject({
        id,
        amountCents: cents,
        postedOn: isoDateSchema.optional(),
        version,
        idempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id, input.version);
      notClosed(c);
      const { today } = await todayOf(ctx);
      const postedOn = input.postedOn ?? today;
      notFuture(postedOn, today, 'postedOn');
      notBeforeNotice(postedOn, c, 'postedOn');
      if (c.provisionalCreditOn)
        throw new DomainError('CONFLICT', 'A provisional credit was already posted on this case.');
      if (c.determination)
        throw new DomainError(
          'PRECONDITION',
          'The case is already decided: post a correction instead.',
        );
      if (input.amountCents > c.disputedCents) {
        throw new DomainError(
          'VALIDATION',
          `The provisional credit cannot exceed the disputed amount (${formatCents(c.disputedCents)}).`,
          {
            fields: { amountCents: 'More than the disputed amount' },
          },
        );
      }
      await authorizeMoney(ctx, {
        action: 'provisional-credit',
        caseKey: `dispute:${c.id}`,
        amountCents: input.amountCents,
      });
      const entry = await postLedgerEntry(
        ctx.db,
        {
          accountId: c.accountId,
          postedOn,
          kind: 'provisional_credit',
          amountCents: -input.amountCents,
          code: 'dispute',
          description: `Provisional credit, dispute ${caseNumber(c.id)}`,
          reference: `dispute:${c.id}`,
          createdBy: ctx.user.id,
        },
        ctx.now.toISOString(),
      );
      await updateDispute(
        ctx.db,
        c.id,
        { provisional_credit_cents: input.amountCents, provisional_credit_on: postedOn },
        ctx.now.toISOString(),
        input.version,
      );
      await event(
        ctx,
        c.id,
        'provisional_credit',
        `Provisional credit of ${formatCents(input.amountCents)} posted ${labelDate(postedOn)}`,
        { ledgerEntryId: entry.id },
      );
      return finish(ctx, c, 'dispute.provisional-credit');
    }),

  /** Error found / no error / different error. "No error" needs a written explanation. */
  recordDetermination: agentProcedure
    .input(
      z.strictObject({
        id,
        outcome: z.enum(['error_found', 'no_error', 'different_error']),
        explanation: z.string().trim().max(4000),
        determinedOn: isoDateSchema.optional(),
        version,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id, input.version);
      notClosed(c);
      const { today } = await todayOf(ctx);
      const on = input.determinedOn ?? today;
      notFuture(on, today, 'determinedOn');
      notBeforeNotice(on, c, 'determinedOn');
      if (c.determination)
        throw new DomainError('CONFLICT', 'A determination was already recorded.');
      if (input.outcome === 'no_error') {
        if (input.explanation.length < MIN_NO_ERROR_EXPLANATION) {
          throw new DomainError(
            'PRECONDITION',
            `"No error" needs a written explanation for the customer (at least ${MIN_NO_ERROR_EXPLANATION} characters).`,
            {
              fields: { explanation: 'Explain to the customer why no error occurred' },
            },
          );
        }
        // Gate: the results letter must carry the right-to-request-documents clause, in both languages.
        for (const lang of ['en', 'fr'] as const) {
          const letter = await renderDisputeLetter(
            ctx.db,
            { disputeId: c.id, kind: 'no_error', language: lang, sentOn: on },
            {
              ...c,
              determination: 'no_error',
              determinationOn: on,
              determinationExplanation: input.explanation,
            },
          );
          if (!letter.clauses.includes('documents')) {
            throw new DomainError(
              'PRECONDITION',
              `The ${lang.toUpperCase()} no-error letter template lacks the right-to-request-documents clause: fix the template before recording "no error".`,
            );
          }
        }
      } else if (input.explanation.length < 5) {
        throw new DomainError('VALIDATION', 'Describe the error found.', {
          fields: { explanation: 'Required' },
        });
      }
      await updateDispute(
        ctx.db,
        c.id,
        {
          determination: input.outcome,
          determination_on: on,
          determination_explanation: input.explanation,
          investigation_completed_on: on,
        },
        ctx.now.toISOString(),
        input.version,
      );
      await event(
        ctx,
        c.id,
        'determination',
        `Determination: ${input.outcome.replace('_', ' ')} (${labelDate(on)})`,
        { explanation: input.explanation },
      );
      return finish(ctx, c, 'dispute.determination');
    }),

  /** Renders a letter without recording it (preview / print). */
  previewLetter: agentProcedure
    .input(
      z.strictObject({
        id,
        kind: letterKind,
        language,
        sentOn: isoDateSchema.optional(),
        reversalOn: isoDateSchema.optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id);
      const { today } = await todayOf(ctx);
      const letter = await renderDisputeLetter(
        ctx.db,
        {
          disputeId: c.id,
          kind: input.kind,
          language: input.language,
          sentOn: input.sentOn ?? today,
          reversalOn: input.reversalOn ?? null,
        },
        c,
      );
      return {
        base64: letter.pdf.toString('base64'),
        text: letter.text,
        clauses: letter.clauses,
        blocker: letterBlocker(input.kind, factsOf(c)),
      };
    }),

  /** Records a letter as sent (date and channel); the rendered PDF is kept as evidence. */
  sendLetter: agentProcedure
    .input(
      z.strictObject({
        id,
        kind: letterKind,
        language,
        sentOn: isoDateSchema.optional(),
        channel: z.enum(['mail', 'secure_message', 'email', 'fax']),
        reversalOn: isoDateSchema.optional(),
        version,
        idempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id, input.version);
      notClosed(c);
      const { today } = await todayOf(ctx);
      const sentOn = input.sentOn ?? today;
      notFuture(sentOn, today, 'sentOn');
      notBeforeNotice(sentOn, c, 'sentOn');
      const blocker = letterBlocker(input.kind, factsOf(c));
      if (blocker) throw new DomainError('PRECONDITION', blocker);
      let reversalOn: IsoDate | null = null;
      if (input.kind === 'reversal') {
        const policy = await loadPolicy(ctx.db, c.policyVersion);
        const earliest = earliestReversalDate(policy, await loadCalendar(ctx.db), sentOn);
        reversalOn = input.reversalOn ?? earliest.date;
        if (compareIsoDates(reversalOn, earliest.date) < 0) {
          throw new DomainError(
            'PRECONDITION',
            `The reversal cannot be dated before ${labelDate(earliest.date)} (${earliest.explanation}).`,
            {
              fields: { reversalOn: `Not before ${earliest.date}` },
            },
          );
        }
      }
      const letter = await renderDisputeLetter(
        ctx.db,
        { disputeId: c.id, kind: input.kind, language: input.language, sentOn, reversalOn },
        c,
      );
      if (input.kind === 'no_error' && !letter.clauses.includes('documents')) {
        throw new DomainError(
          'PRECONDITION',
          'The no-error letter must include the right-to-request-documents clause.',
        );
      }
      const letterId = await insertLetter(
        ctx.db,
        {
          disputeId: c.id,
          kind: input.kind,
          language: input.language,
          data: { ...letter.data, reversalOnIso: reversalOn },
          pdf: letter.pdf,
          sha256: letter.sha256,
          sentOn,
          channel: input.channel,
          createdBy: ctx.user.id,
        },
        ctx.now.toISOString(),
      );
      const patch =
        input.kind === 'provisional_credit' && !c.provisionalCreditNoticeSentOn
          ? { provisional_credit_notice_sent_on: sentOn }
          : (input.kind === 'results' || input.kind === 'no_error') && !c.resultsSentOn
            ? { results_sent_on: sentOn }
            : input.kind === 'reversal'
              ? { reversal_notice_sent_on: sentOn }
              : {};
      await updateDispute(ctx.db, c.id, patch, ctx.now.toISOString(), input.version);
      await event(
        ctx,
        c.id,
        'letter',
        `${LETTER_NAMES[input.kind]} letter (${input.language.toUpperCase()}) sent by ${input.channel.replace('_', ' ')} ${labelDate(sentOn)}`,
        {
          letterId,
          sha256: letter.sha256,
          reversalOn,
        },
      );
      return finish(ctx, c, 'dispute.send-letter');
    }),

  /** A stored letter's PDF (base64). */
  letterPdf: agentProcedure
    .input(z.strictObject({ letterId: id }))
    .query(async ({ ctx, input }) => {
      const letter = await letterWithPdf(ctx.db, input.letterId);
      if (!letter) throw new DomainError('NOT_FOUND', 'No such letter.');
      if (letter.pdf) return { base64: Buffer.from(letter.pdf).toString('base64') };
      const rendered = await renderDisputeLetter(ctx.db, {
        disputeId: letter.disputeId,
        kind: letter.kind,
        language: letter.language,
        sentOn: letter.sentOn,
      });
      return { base64: rendered.pdf.toString('base64') };
    }),

  /** Error found: correct within 1 business day. A provisional credit already posted counts. */
  postCorrection: agentProcedure
    .input(
      z.strictObject({
        id,
        amountCents: z.number().int().min(0).max(100_000_000_00),
        postedOn: isoDateSchema.optional(),
        version,
        idempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id, input.version);
      notClosed(c);
      const { today } = await todayOf(ctx);
      const postedOn = input.postedOn ?? today;
      notFuture(postedOn, today, 'postedOn');
      if (!c.determination || c.determination === 'no_error')
        throw new DomainError(
          'PRECONDITION',
          'A correction follows an "error found" determination.',
        );
      if (c.correctionOn) throw new DomainError('CONFLICT', 'The correction was already posted.');
      if (compareIsoDates(postedOn, c.determinationOn ?? postedOn) < 0)
        throw new DomainError('VALIDATION', 'The correction cannot be before the determination.', {
          fields: { postedOn: 'Before the determination' },
        });
      const credited = c.provisionalCreditCents ?? 0;
      if (input.amountCents < credited) {
        throw new DomainError(
          'PRECONDITION',
          `The correction (${formatCents(input.amountCents)}) is less than the provisional credit (${formatCents(credited)}): reverse the difference with a notice first.`,
        );
      }
      const extra = input.amountCents - credited;
      // The credit already given was authorised when it was posted: only the rest is new money.
      await authorizeMoney(ctx, {
        action: 'correction',
        caseKey: `dispute:${c.id}`,
        amountCents: extra,
      });
      let ledgerEntryId: number | null = null;
      if (extra > 0) {
        const entry = await postLedgerEntry(
          ctx.db,
          {
            accountId: c.accountId,
            postedOn,
            kind: 'adjustment',
            amountCents: -extra,
            code: 'dispute-correction',
            description: `Correction, dispute ${caseNumber(c.id)}`,
            reference: `dispute:${c.id}`,
            createdBy: ctx.user.id,
          },
          ctx.now.toISOString(),
        );
        ledgerEntryId = entry.id;
      }
      await updateDispute(
        ctx.db,
        c.id,
        { correction_cents: input.amountCents, correction_on: postedOn },
        ctx.now.toISOString(),
        input.version,
      );
      await event(
        ctx,
        c.id,
        'correction',
        credited > 0
          ? `Correction ${formatCents(input.amountCents)}: provisional credit made final${extra > 0 ? `, plus ${formatCents(extra)} credited` : ''}`
          : `Correction of ${formatCents(input.amountCents)} credited ${labelDate(postedOn)}`,
        { ledgerEntryId },
      );
      return finish(ctx, c, 'dispute.correction');
    }),

  /**
   * Reverses the provisional credit after "no error". Gate: only after the reversal notice, and
   * never dated earlier than 5 business days after it (nor before the date the letter gave).
   */
  postReversal: agentProcedure
    .input(
      z.strictObject({
        id,
        reversalOn: isoDateSchema,
        amountCents: cents.optional(),
        version,
        idempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id, input.version);
      notClosed(c);
      const { today } = await todayOf(ctx);
      if (c.determination !== 'no_error' || !c.provisionalCreditCents)
        throw new DomainError(
          'PRECONDITION',
          'Only a provisional credit on a "no error" case can be reversed.',
        );
      if (c.reversalOn)
        throw new DomainError('CONFLICT', 'The provisional credit was already reversed.');
      if (!c.reversalNoticeSentOn)
        throw new DomainError(
          'PRECONDITION',
          'Send the reversal notice first: the customer gets 5 business days’ notice.',
        );
      const policy = await loadPolicy(ctx.db, c.policyVersion);
      const earliest = earliestReversalDate(
        policy,
        await loadCalendar(ctx.db),
        c.reversalNoticeSentOn,
      );
      if (compareIsoDates(input.reversalOn, earliest.date) < 0) {
        throw new DomainError(
          'PRECONDITION',
          `The reversal cannot be dated before ${labelDate(earliest.date)}: ${earliest.explanation}.`,
          {
            fields: { reversalOn: `Not before ${earliest.date}` },
          },
        );
      }
      const letters = await disputeLetters(ctx.db, c.id);
      const last = [...letters].reverse().find((l) => l.kind === 'reversal');
      const planned = last ? await plannedReversalDate(ctx, last.id) : null;
      if (planned && compareIsoDates(input.reversalOn, planned) < 0) {
        throw new DomainError(
          'PRECONDITION',
          `The notice told the customer the debit would be on ${labelDate(planned)}: it cannot be earlier.`,
          {
            fields: { reversalOn: `Not before ${planned}` },
          },
        );
      }
      notFuture(input.reversalOn, today, 'reversalOn');
      const amount = input.amountCents ?? c.provisionalCreditCents;
      if (amount > c.provisionalCreditCents)
        throw new DomainError('VALIDATION', 'Cannot reverse more than the provisional credit.', {
          fields: { amountCents: 'More than the credit' },
        });
      await authorizeMoney(ctx, {
        action: 'reversal',
        caseKey: `dispute:${c.id}`,
        amountCents: amount,
      });
      const entry = await postLedgerEntry(
        ctx.db,
        {
          accountId: c.accountId,
          postedOn: input.reversalOn,
          kind: 'provisional_credit_reversal',
          amountCents: amount,
          code: 'dispute',
          description: `Provisional credit reversed, dispute ${caseNumber(c.id)}`,
          reference: `dispute:${c.id}`,
          createdBy: ctx.user.id,
        },
        ctx.now.toISOString(),
      );
      await updateDispute(
        ctx.db,
        c.id,
        { reversal_on: input.reversalOn, reversal_cents: amount },
        ctx.now.toISOString(),
        input.version,
      );
      await event(
        ctx,
        c.id,
        'reversal',
        `Provisional credit of ${formatCents(amount)} reversed ${labelDate(input.reversalOn)}`,
        { ledgerEntryId: entry.id },
      );
      return finish(ctx, c, 'dispute.reversal');
    }),

  /** Closes the case. Gate: every required notice sent, every required posting made. */
  close: agentProcedure
    .input(
      z.strictObject({
        id,
        note: z.string().trim().max(2000).optional(),
        keepProvisionalCredit: z.boolean().optional(),
        version,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await requireDispute(ctx.db, input.id, input.version);
      const letters = await disputeLetters(ctx.db, c.id);
      const keep = input.keepProvisionalCredit ?? false;
      if (keep) {
        if (ctx.user.role !== 'supervisor' && ctx.user.role !== 'admin')
          throw new DomainError(
            'FORBIDDEN',
            'Only a supervisor can decide to keep a provisional credit.',
          );
        if (!input.note || input.note.length < 10)
          throw new DomainError('VALIDATION', 'Say why the credit is kept.', {
            fields: { note: 'Required' },
          });
      }
      const blockers = closeBlockers(factsOf(c), new Set(letters.map((l) => l.kind)), keep);
      if (blockers.length > 0) {
        throw new DomainError('PRECONDITION', `The case cannot close yet: ${blockers.join(' ')}`, {
          detail: { blockers },
        });
      }
      const { today } = await todayOf(ctx);
      await updateDispute(
        ctx.db,
        c.id,
        { closed_on: today, close_note: input.note ?? null, stage: 'closed' },
        ctx.now.toISOString(),
        input.version,
      );
      await event(ctx, c.id, 'closed', `Case closed${input.note ? `: ${input.note}` : ''}`);
      return finish(ctx, c, 'dispute.close', input.note);
    }),

  /** The results letter a case needs, for the UI. */
  resultsLetterKind: agentProcedure.input(z.strictObject({ id })).query(async ({ ctx, input }) => {
    const c = await requireDispute(ctx.db, input.id);
    return c.determination ? resultsLetterFor(c.determination) : null;
  }),

  // -------------------------------------------------------------------------------------------
  // Supervisor cockpit

  cockpit: supervisorProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const started = performance.now();
    const { today } = await todayOf(ctx);
    const policy = await policyInEffect(ctx.db, today);
    const [perClock, perAgent, aging, trend] = [
      await countsPerClock(ctx.db, today),
      await countsPerAgent(ctx.db, today),
      await agingBuckets(ctx.db, today),
      await weeklyTrend(ctx.db, today),
    ];
    const byId = new Map(perClock.map((c) => [c.clockId, c]));
    return {
      today,
      perClock: policy.clocks
        .filter((rule) => rule.kind === 'deadline')
        .map((rule) => ({
          clockId: rule.id,
          label: rule.label,
          owner: rule.owner,
          citation: rule.citation,
          open: byId.get(rule.id)?.open ?? 0,
          dueToday: byId.get(rule.id)?.dueToday ?? 0,
          atRisk: byId.get(rule.id)?.atRisk ?? 0,
          breached: byId.get(rule.id)?.breached ?? 0,
        })),
      perAgent,
      aging,
      trend,
      milliseconds: Math.round(performance.now() - started),
    };
  }),

  cockpitCases: supervisorProcedure
    .input(
      z.strictObject({
        filter: z.enum(['open', 'due_today', 'at_risk', 'breached']),
        clockId: z
          .string()
          .regex(/^[a-z_]+$/)
          .nullable()
          .optional(),
        agentId: z.number().int().min(0).nullable().optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { today } = await todayOf(ctx);
      const rows = await cockpitCases(ctx.db, { today, ...input });
      return { today, rows: rows.map((r) => ({ ...r, caseNumber: caseNumber(r.disputeId) })) };
    }),

  /** Recomputes every open case's clocks (after the business calendar changed). */
  recomputeClocks: supervisorProcedure.input(z.strictObject({})).mutation(async ({ ctx }) => {
    const n = await recomputeOpenDisputes(ctx.db, await loadCalendar(ctx.db));
    await ctx.audit({
      action: 'dispute.recompute-clocks',
      entityType: 'dispute',
      entityId: null,
      after: { cases: n },
    });
    ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'disputes' }));
    return { cases: n };
  }),
});
