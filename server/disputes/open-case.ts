import { loadCalendar } from '../calendar/load-calendar.ts';
import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { requireAccount, requireCustomer } from '../customers/load-customer.ts';
import {
  handOffSource,
  insertDispute,
  ledgerEntriesByIds,
  recentDebits,
} from '../../db/repositories/disputes.ts';
import { requireDispute } from './load-case.ts';
import { linkThread } from '../../db/repositories/message-links.ts';
import { requireHandOffThread } from '../messages/load-thread.ts';
import { linkToCall } from '../calls/link-to-call.ts';
import { addCalendarDays, compareIsoDates, localDateOf } from '../domain/dates.ts';
import { computeDeadlinesOn } from '../domain/dispute-clock-state.ts';
import { isMassachusetts, type DisputeFacts } from '../domain/dispute-deadlines.ts';
import { debitsNamedIn, isNewAccountOnTransfer } from '../domain/dispute-intake.ts';
import { caseNumber } from '../domain/dispute-workflow.ts';
import { DomainError, msg } from '../domain/errors.ts';

import { addEvent, todayOf, type ReadContext, type StepContext } from './change-case.ts';
import { policyInEffect } from './policies.ts';
import { refreshClocks } from './refresh-clocks.ts';
import type { IntakeInput, PreviewInput } from './schemas.ts';

/** A notice instant is never in the future (a minute of clock skew allowed). */
export function checkNoticeAt(noticeAt: Date, now: Date): void {
  if (noticeAt.getTime() > now.getTime() + 60_000) {
    throw new DomainError('VALIDATION', msg('disputes.noticeInFuture'), {
      fields: { noticeAt: msg('fields.notInFuture') },
    });
  }
}

/**
 * When the notice was received: what intake entered (the mail's received stamp, the call), else
 * for a hand-off the time the customer's message arrived, else now.
 */
async function noticeInstant(ctx: ReadContext, input: PreviewInput): Promise<Date> {
  if (input.noticeAt) return new Date(input.noticeAt);
  if (input.fromThreadId) {
    const source = await handOffSource(ctx.db, input.fromThreadId);
    if (source) return new Date(source.receivedAt);
  }
  return ctx.now;
}

/** The case facts of an intake, checked (holder, transactions on this account, dates). */
async function intakeFacts(ctx: ReadContext, input: IntakeInput) {
  const { timeZone } = await todayOf(ctx);
  const noticeAtDate = await noticeInstant(ctx, input);
  checkNoticeAt(noticeAtDate, ctx.now);
  const noticeOn = localDateOf(noticeAtDate, timeZone);
  const [customer, account] = await Promise.all([
    requireCustomer(ctx.db, input.customerId),
    requireAccount(ctx.db, input.accountId),
  ]);
  if (account.holderCustomerId !== customer.id && account.coHolderCustomerId !== customer.id) {
    throw new DomainError('VALIDATION', msg('disputes.notHolder'), {
      fields: { accountId: msg('fields.notCustomersAccount') },
    });
  }
  const entries = await ledgerEntriesByIds(
    ctx.db,
    input.transactions.flatMap((t) => (t.ledgerEntryId ? [t.ledgerEntryId] : [])),
  );
  for (const [i, t] of input.transactions.entries()) {
    if (compareIsoDates(t.transactionOn, noticeOn) > 0) {
      throw new DomainError(
        'VALIDATION',
        msg('disputes.noticeBeforeTransaction', { noticeOn, transactionOn: t.transactionOn }),
        {
          fields: {
            [`transactions.${i}.transactionOn`]: msg('disputes.fieldAfterNotice'),
            noticeAt: msg('disputes.fieldBeforeTransaction'),
          },
        },
      );
    }
    if (t.ledgerEntryId) {
      const entry = entries.find((e) => e.id === t.ledgerEntryId);
      if (entry?.accountId !== account.id) {
        throw new DomainError('VALIDATION', msg('disputes.debitNotOnAccount'), {
          fields: { [`transactions.${i}.ledgerEntryId`]: msg('disputes.fieldNotAnEntry') },
        });
      }
    }
  }
  // Massachusetts is decided by the address in effect ON THE NOTICE DATE, not today's address.
  const address = await addressAsOf(ctx.db, customer.id, noticeOn);
  // 1005.11(c)(3)(i): "new" is judged on the transfer date, not the notice date.
  const suggestedNewAccount = isNewAccountOnTransfer(
    account.openedOn,
    input.transactions.map((t) => t.transactionOn),
  );
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

/**
 * What intake needs before saving: the customer's residence state on the notice date, the
 * new-account suggestion, recent debits to pick from, and every clock the case would get.
 */
export async function previewIntake(ctx: ReadContext, input: PreviewInput) {
  const { today } = await todayOf(ctx);
  const transactions = input.transactions?.length
    ? input.transactions
    : [{ transactionOn: today, amountCents: 1, description: '—' }];
  const { facts, noticeAt, address, account, customer, suggestedNewAccount } = await intakeFacts(
    ctx,
    {
      ...input,
      transactions,
      reason: input.reason ?? 'preview',
      errorType: input.errorType ?? 'other',
    },
  );
  const [policy, calendar] = await Promise.all([
    policyInEffect(ctx.db, facts.noticeOn),
    loadCalendar(ctx.db),
  ]);
  const debits = await recentDebits(
    ctx.db,
    account.id,
    addCalendarDays(facts.noticeOn, -120),
    facts.noticeOn,
  );
  return {
    customer: { id: customer.id, displayName: customer.displayName, language: customer.language },
    account: {
      id: account.id,
      accountNumber: account.accountNumber,
      type: account.type,
      openedOn: account.openedOn,
    },
    noticeOn: facts.noticeOn,
    noticeAt: noticeAt,
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
    recentDebits: debits,
  };
}

/** Opens a case (phone call, secure-message hand-off or letter) under the policy in effect. */
export async function openCase(ctx: StepContext, input: IntakeInput) {
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
      customerReason: input.customerReason ?? null,
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
  if (input.fromCallId) {
    await linkToCall(ctx, {
      callId: input.fromCallId,
      customerIds: [account.holderCustomerId, account.coHolderCustomerId],
      kind: 'dispute_started',
      targetType: 'dispute',
      targetId: disputeId,
      summary: msg('calls.action.disputeOpened', {
        caseNumber: caseNumber(disputeId),
        account: account.accountNumber,
      }),
    });
  }
  const total = input.transactions.reduce((s, t) => s + t.amountCents, 0);
  await addEvent(
    ctx,
    disputeId,
    'intake',
    msg('disputes.event.intake', {
      channel: msg(`disputes.channel.${input.channel}`),
      on: facts.noticeOn,
      count: input.transactions.length,
      amount: total,
    }),
    {
      noticeAt,
      policyVersion: policy.version,
      residenceRegion: facts.residenceRegion,
      massachusetts: report.massachusetts,
      newAccount: facts.newAccount,
      fromThreadId: input.fromThreadId ?? null,
      fromCallId: input.fromCallId ?? null,
    },
  );
  if (report.lateNotice)
    await addEvent(
      ctx,
      disputeId,
      'late_notice',
      report.lateNoticeExplanation ?? msg('disputes.event.lateNotice'),
    );
  const created = await requireDispute(ctx.db, disputeId);
  await refreshClocks(ctx.db, created, policy, calendar);
  await ctx.audit({
    action: 'dispute.create',
    entityType: 'dispute',
    entityId: disputeId,
    after: { ...created, transactions: input.transactions },
  });
  ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'disputes', id: disputeId }));
  return { id: disputeId, caseNumber: caseNumber(disputeId) };
}

/**
 * What a secure-message hand-off carries into intake: the customer, the account, the message's
 * received time (the notice date), its text as the reason, and the debits whose amounts it names.
 */
export async function handOffPrefill(ctx: ReadContext, threadId: number) {
  const source = await handOffSource(ctx.db, threadId);
  if (!source) throw new DomainError('NOT_FOUND', msg('disputes.noCustomerMessage'));
  const { timeZone } = await todayOf(ctx);
  const noticeOn = localDateOf(new Date(source.receivedAt), timeZone);
  const debits = source.accountId
    ? await recentDebits(ctx.db, source.accountId, addCalendarDays(noticeOn, -120), noticeOn)
    : [];
  return {
    customerId: source.customerId,
    accountId: source.accountId,
    noticeAt: source.receivedAt,
    noticeOn,
    reason: source.body.slice(0, 2000),
    transactions: debitsNamedIn(source.body, debits).map((d) => ({
      transactionOn: d.postedOn,
      amountCents: d.amountCents,
      description: d.description,
      ledgerEntryId: d.id,
    })),
  };
}
