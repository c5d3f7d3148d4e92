import { loadCalendar } from '../calendar/load-calendar.ts';
import {
  insertEasyPayChange,
  setEasyPayEnrolled,
  type EasyPayChange,
} from '../../db/repositories/easypay-changes.ts';
import type { Account } from '../../db/repositories/accounts.ts';
import { termsOf } from '../../db/repositories/ledger.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor, assertVerifiedFor } from '../domain/call-rules.ts';
import type { IsoDate } from '../domain/dates.ts';
import { easyPayCancellation, type EasyPayCancellation } from '../domain/easypay-cancellation.ts';
import { easyPayOutlook } from '../domain/easypay.ts';
import { DomainError, englishOf, msg } from '../domain/errors.ts';
import { scheduleDueDates } from '../domain/ledger.ts';
import {
  accountOfCallCustomer,
  auditViewOfCall,
  callCustomerId,
  centreDay,
  factsOf,
  holdersOf,
  requireCallWithActions,
  recordCallAction,
} from './shared.ts';

/** What a cancellation of this account's EasyPay made today would stop (no write). */
export async function previewEasyPayCancellation(
  db: DbOrTrx,
  account: Account,
  today: IsoDate,
): Promise<EasyPayCancellation | null> {
  if (!account.easyPay.enrolled || account.status !== 'active') return null;
  const calendar = await loadCalendar(db);
  return easyPayCancellation(
    easyPayOutlook(calendar, scheduleDueDates(termsOf(account)), today),
    today,
  );
}

/**
 * Cancels an account's EasyPay for a verified caller, applying seed 002's "three business days
 * before the payment day": says which debit it stops and which still goes ahead, records the
 * change (linked to the call) and ends the enrolment.
 */
export async function cancelEasyPay(
  ctx: MutationContext,
  input: { callId: number; accountId: number },
) {
  const at = ctx.now.toISOString();
  const { today } = await centreDay(ctx.db, ctx.now);
  const out: { change?: EasyPayChange; cancellation?: EasyPayCancellation } = {};
  await recordChange(ctx, {
    action: 'call.cancel-easypay',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: async (call) => {
      assertCallOpenFor(factsOf(call), ctx.user.id);
      const account = await accountOfCallCustomer(ctx.db, call, input.accountId);
      assertVerifiedFor(factsOf(call), holdersOf(account), 'easypay-change');
      if (!account.easyPay.enrolled || account.status !== 'active')
        throw new DomainError(
          'CONFLICT',
          msg('calls.notOnEasyPay', { account: account.accountNumber }),
        );
    },
    apply: async (call) => {
      const account = await accountOfCallCustomer(ctx.db, call, input.accountId);
      const cancellation = (await previewEasyPayCancellation(ctx.db, account, today))!;
      const change = await insertEasyPayChange(ctx.db, {
        accountId: account.id,
        customerId: callCustomerId(call),
        interactionId: call.id,
        kind: 'cancel',
        channel: 'phone',
        requestedOn: today,
        stopsDueOn: cancellation.stops?.dueDate ?? null,
        stopsDebitOn: cancellation.stops?.debitDate ?? null,
        goesAheadDueOn: cancellation.goesAhead?.dueDate ?? null,
        goesAheadDebitOn: cancellation.goesAhead?.debitDate ?? null,
        explanation: englishOf(cancellation.summary),
        bankLast4: account.easyPay.bankLast4,
        createdAt: at,
        createdBy: ctx.user.id,
      });
      out.change = change;
      out.cancellation = cancellation;
      await setEasyPayEnrolled(ctx.db, account.id, false, at);
      await recordCallAction(ctx.db, {
        interactionId: call.id,
        kind: 'easypay_cancelled',
        targetType: 'easypay-change',
        targetId: change.id,
        summary: msg('calls.easyPay.cancelled', {
          account: account.accountNumber,
          summary: cancellation.summary,
        }),
        at,
        by: ctx.user.id,
      });
    },
    auditView: auditViewOfCall,
  });
  return { change: out.change!, cancellation: out.cancellation! };
}
