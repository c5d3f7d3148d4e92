import { addInteractionAction } from '../../db/repositories/calls.ts';
import { ledgerEntriesOf, termsOf } from '../../db/repositories/ledger.ts';
import { readSetting } from '../core/settings.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor, assertVerifiedFor } from '../domain/call-rules.ts';
import { summarizeAccount } from '../domain/ledger.ts';
import {
  accountOfCallCustomer,
  auditViewOfCall,
  centreDay,
  factsOf,
  holdersOf,
  requireCallWithActions,
} from './shared.ts';
import { msg } from '../domain/shared/server-messages.ts';

/**
 * The balance, amount due and payoff of one account, for a verified caller only; the disclosure
 * is recorded on the call (who heard what, when).
 */
export async function discloseBalance(
  ctx: MutationContext,
  input: { callId: number; accountId: number },
) {
  const at = ctx.now.toISOString();
  const { today } = await centreDay(ctx.db, ctx.now);
  const out: { summary?: ReturnType<typeof summarizeAccount>; accountNumber?: string } = {};
  await recordChange(ctx, {
    action: 'call.disclose-balance',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: async (call) => {
      assertCallOpenFor(factsOf(call), ctx.user.id);
      const account = await accountOfCallCustomer(ctx.db, call, input.accountId);
      assertVerifiedFor(factsOf(call), holdersOf(account), 'balance-disclosure');
    },
    apply: async (call) => {
      const account = await accountOfCallCustomer(ctx.db, call, input.accountId);
      const order = await readSetting(ctx.db, 'paymentApplicationOrder');
      out.summary = summarizeAccount(
        termsOf(account),
        await ledgerEntriesOf(ctx.db, account.id),
        today,
        {
          feesFirst: order.indexOf('fees') < order.indexOf('pastDue'),
        },
      );
      out.accountNumber = account.accountNumber;
      await addInteractionAction(ctx.db, {
        interactionId: call.id,
        kind: 'balance_disclosed',
        targetType: 'account',
        targetId: account.id,
        summary: msg('calls.action.balanceGiven', { account: account.accountNumber }),
        at,
        by: ctx.user.id,
      });
    },
    auditView: auditViewOfCall,
  });
  return { accountId: input.accountId, accountNumber: out.accountNumber!, summary: out.summary! };
}
